TITLE hh: squid axon sodium, potassium and leak currents (Hodgkin & Huxley 1952)

COMMENT
Equations: Hodgkin A.L. & Huxley A.F. (1952) "A quantitative description of membrane
current and its application to conduction and excitation in nerve", J. Physiol. 117:500-544,
eqs. 7, 12, 13, 20, 21, 23, 24 and 26, with the membrane potential written the modern way:
absolute, depolarisation positive, resting potential at -65 mV (so the paper's V is -(v + 65)).

    alpha_m = 0.1 (v + 40) / (1 - exp(-(v + 40)/10))     beta_m = 4 exp(-(v + 65)/18)
    alpha_h = 0.07 exp(-(v + 65)/20)                     beta_h = 1 / (1 + exp(-(v + 35)/10))
    alpha_n = 0.01 (v + 55) / (1 - exp(-(v + 55)/10))    beta_n = 0.125 exp(-(v + 65)/80)

Rates are in 1/ms at 6.3 degC and scale with Q10 = 3. x' = alpha (1 - x) - beta x is written
as x' = (xinf - x)/xtau with xinf = alpha/(alpha + beta), xtau = 1/(q10 (alpha + beta)).

The interface (names, units, defaults, the TABLE over -100..100 mV in 1 mV steps that
depends on celsius) is that of NEURON's built-in hh, so that models written for it run
unchanged. braincell evaluates the rates exactly (usetable_hh = 0 in NEURON).
ENDCOMMENT

NEURON {
    SUFFIX hh
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gnabar, gkbar, gl, el, gna, gk
    RANGE minf, hinf, ninf, mtau, htau, ntau
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gnabar = 0.12 (S/cm2) <0, 1e9>
    gkbar = 0.036 (S/cm2) <0, 1e9>
    gl = 0.0003 (S/cm2) <0, 1e9>
    el = -54.3 (mV)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ek (mV)
    gna (S/cm2)
    gk (S/cm2)
    ina (mA/cm2)
    ik (mA/cm2)
    il (mA/cm2)
    minf
    hinf
    ninf
    mtau (ms)
    htau (ms)
    ntau (ms)
}

STATE {
    m
    h
    n
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gna = gnabar*m*m*m*h
    ina = gna*(v - ena)
    gk = gkbar*n*n*n*n
    ik = gk*(v - ek)
    il = gl*(v - el)
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b, q10
    TABLE minf, mtau, hinf, htau, ninf, ntau DEPEND celsius FROM -100 TO 100 WITH 200
    UNITSOFF
    q10 = 3^((celsius - 6.3)/10)
    : sodium activation
    a = 0.1*linoid(v + 40, 10)
    b = 4*exp(-(v + 65)/18)
    minf = a/(a + b)
    mtau = 1/(q10*(a + b))
    : sodium inactivation
    a = 0.07*exp(-(v + 65)/20)
    b = 1/(1 + exp(-(v + 35)/10))
    hinf = a/(a + b)
    htau = 1/(q10*(a + b))
    : potassium activation
    a = 0.01*linoid(v + 55, 10)
    b = 0.125*exp(-(v + 65)/80)
    ninf = a/(a + b)
    ntau = 1/(q10*(a + b))
    UNITSON
}

FUNCTION linoid(x, k) {
    : x/(1 - exp(-x/k)), continued through x = 0 by its first-order expansion k (1 + x/(2k))
    if (fabs(x/k) < 1e-6) {
        linoid = k*(1 + x/k/2)
    } else {
        linoid = x/(1 - exp(-x/k))
    }
}

TITLE nat: fast transient sodium current (Traub & Miles 1991; Pospischil et al. 2008)

COMMENT
The Hodgkin-Huxley-type Na current of Traub & Miles (1991) "Neuronal Networks of the
Hippocampus" (Cambridge UP), in the form and with the regular-spiking parameters of
Pospischil M. et al. (2008) "Minimal Hodgkin-Huxley type models for different classes of
cortical and thalamic neurons", Biol. Cybern. 99:427-441, eqs. 2-4 (and Table 1, RS cell):

    ina = gbar m^3 h (v - ena)
    alpha_m = -0.32 (v - vt - 13)/(exp(-(v - vt - 13)/4) - 1)
    beta_m  =  0.28 (v - vt - 40)/(exp((v - vt - 40)/5) - 1)
    alpha_h =  0.128 exp(-(v - vt - 17)/18)
    beta_h  =  4/(1 + exp(-(v - vt - 40)/5))

rates in 1/ms, vt = -56.2 mV adjusts the threshold. The rates are those fitted at 36 degC
and are not temperature-scaled. Default gbar = 56 mS/cm2 (RS cell).
ENDCOMMENT

NEURON {
    SUFFIX nat
    USEION na READ ena WRITE ina
    RANGE gbar, vt, g
    RANGE minf, hinf, mtau, htau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.056 (S/cm2) <0, 1e9>
    vt = -56.2 (mV)
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    g (S/cm2)
    minf
    hinf
    mtau (ms)
    htau (ms)
}

STATE {
    m
    h
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m*m*m*h
    ina = g*(v - ena)
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b, u
    UNITSOFF
    u = v - vt
    a = 0.32*linoid(u - 13, 4)
    b = 0.28*linoid(-(u - 40), 5)
    minf = a/(a + b)
    mtau = 1/(a + b)
    a = 0.128*exp(-(u - 17)/18)
    b = 4/(1 + exp(-(u - 40)/5))
    hinf = a/(a + b)
    htau = 1/(a + b)
    UNITSON
}

FUNCTION linoid(x, k) {
    : x/(1 - exp(-x/k)), continued through x = 0 by k (1 + x/(2k))
    if (fabs(x/k) < 1e-6) {
        linoid = k*(1 + x/k/2)
    } else {
        linoid = x/(1 - exp(-x/k))
    }
}

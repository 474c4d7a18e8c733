TITLE kdr: delayed-rectifier potassium current (Traub & Miles 1991; Pospischil et al. 2008)

COMMENT
The delayed rectifier of Traub & Miles (1991) as written by Pospischil M. et al. (2008)
Biol. Cybern. 99:427-441, eqs. 5-6 (Table 1, RS cell):

    ik = gbar n^4 (v - ek)
    alpha_n = -0.032 (v - vt - 15)/(exp(-(v - vt - 15)/5) - 1)
    beta_n  =  0.5 exp(-(v - vt - 10)/40)

rates in 1/ms, fitted at 36 degC (no temperature scaling); vt = -56.2 mV; default
gbar = 6 mS/cm2 (RS cell). The gate is a single first-order kinetic equation, integrated
here with cnexp.
ENDCOMMENT

NEURON {
    SUFFIX kdr
    USEION k READ ek WRITE ik
    RANGE gbar, vt, g
    RANGE ninf, ntau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.006 (S/cm2) <0, 1e9>
    vt = -56.2 (mV)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    ninf
    ntau (ms)
}

STATE {
    n
}

INITIAL {
    rates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*n*n*n*n
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b, u
    UNITSOFF
    u = v - vt
    a = 0.032*linoid(u - 15, 5)
    b = 0.5*exp(-(u - 10)/40)
    ninf = a/(a + b)
    ntau = 1/(a + b)
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

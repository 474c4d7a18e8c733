TITLE sk: small-conductance calcium-activated potassium current (Koehler et al. 1996; Hay et al. 2011)

COMMENT
The SK2 channel: voltage independent, activated by intracellular calcium with the Hill fit
of Koehler M. et al. (1996) Science 273:1709-1714, as used by Hay E. et al. (2011) PLoS
Comput. Biol. 7:e1002107 (supplementary text, "SK_E2"):

    ik = gbar z (v - ek)
    zinf = 1/(1 + (kd/cai)^n),  kd = 0.43 uM,  n = 4.8
    ztau = 1 ms

cai below 1e-7 mM is raised by 1e-7 mM (as in Hay et al.) so that cai = 0 gives zinf = 0
without dividing by zero. Default gbar = 0.2 mS/cm2 (our choice; Hay et al. use up to 44
mS/cm2 at the soma).
ENDCOMMENT

NEURON {
    SUFFIX sk
    USEION ca READ cai
    USEION k READ ek WRITE ik
    RANGE gbar, g, zinf
    GLOBAL kd, hill, ztau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    (S) = (siemens)
}

PARAMETER {
    gbar = 2e-4 (S/cm2) <0, 1e9>
    kd = 0.00043 (mM)
    hill = 4.8
    ztau = 1 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    cai (mM)
    ik (mA/cm2)
    g (S/cm2)
    zinf
}

STATE {
    z
}

INITIAL {
    rates(cai)
    z = zinf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*z
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(cai)
    z' = (zinf - z)/ztau
}

PROCEDURE rates(ca (mM)) {
    LOCAL c
    c = ca
    if (c < 1e-7) {
        c = c + 1e-7
    }
    zinf = 1/(1 + (kd/c)^hill)
}

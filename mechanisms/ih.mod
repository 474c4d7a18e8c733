TITLE ih: hyperpolarisation-activated cation (HCN) current (Kole et al. 2006; Hay et al. 2011)

COMMENT
The HCN current of layer-5 pyramidal neurons, Kole M.H.P., Hallermann S. & Stuart G.J.
(2006) J. Neurosci. 26:1677-1687, as used by Hay E. et al. (2011) PLoS Comput. Biol.
7:e1002107 (supplementary text, "Ih"):

    ihcn = gbar m (v - ehcn),  ehcn = -45 mV
    alpha_m = 0.001 * 6.43 (v + 154.9)/(exp((v + 154.9)/11.9) - 1)
    beta_m  = 0.001 * 193 exp(v/33.1)

rates in 1/ms (not temperature-scaled). A mixed Na/K current, so it is a
NONSPECIFIC_CURRENT with its own reversal potential. Default gbar = 0.08 mS/cm2 (Hay et
al., soma).
ENDCOMMENT

NEURON {
    SUFFIX ih
    NONSPECIFIC_CURRENT ihcn
    RANGE gbar, ehcn, g
    RANGE minf, mtau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 8e-5 (S/cm2) <0, 1e9>
    ehcn = -45 (mV)
}

ASSIGNED {
    v (mV)
    ihcn (mA/cm2)
    g (S/cm2)
    minf
    mtau (ms)
}

STATE {
    m
}

INITIAL {
    rates(v)
    m = minf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m
    ihcn = g*(v - ehcn)
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b
    UNITSOFF
    : (v + 154.9)/(exp((v + 154.9)/11.9) - 1) = linoid(-(v + 154.9), 11.9)
    a = 0.00643*linoid(-(v + 154.9), 11.9)
    b = 0.193*exp(v/33.1)
    minf = a/(a + b)
    mtau = 1/(a + b)
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

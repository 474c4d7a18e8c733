TITLE km: slow non-inactivating potassium (M) current (Yamada et al. 1989; Pospischil et al. 2008)

COMMENT
The muscarine-sensitive M current, from Yamada W.M., Koch C. & Adams P.R. (1989) in
"Methods in Neuronal Modeling" (Koch & Segev eds., MIT Press), in the form of
Pospischil M. et al. (2008) Biol. Cybern. 99:427-441, eqs. 7-9:

    ik = gbar p (v - ek)
    pinf = 1/(1 + exp(-(v + 35)/10))
    ptau = taumax/(3.3 exp((v + 35)/20) + exp(-(v + 35)/20))

Defaults are the paper's RS cell: gbar = 0.075 mS/cm2, taumax = 608 ms (36 degC, no
temperature scaling). Spike-frequency adaptation on a time scale of hundreds of ms.
ENDCOMMENT

NEURON {
    SUFFIX km
    USEION k READ ek WRITE ik
    RANGE gbar, taumax, g
    RANGE pinf, ptau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 7.5e-5 (S/cm2) <0, 1e9>
    taumax = 608 (ms)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    pinf
    ptau (ms)
}

STATE {
    p
}

INITIAL {
    rates(v)
    p = pinf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*p
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(v)
    p' = (pinf - p)/ptau
}

PROCEDURE rates(v (mV)) {
    UNITSOFF
    pinf = 1/(1 + exp(-(v + 35)/10))
    ptau = taumax/(3.3*exp((v + 35)/20) + exp(-(v + 35)/20))
    UNITSON
}

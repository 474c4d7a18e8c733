TITLE bk: large-conductance calcium- and voltage-activated potassium current (Moczydlowski & Latorre 1983)

COMMENT
The BK (maxi-K) channel as a two-state kinetic scheme, from the single-channel analysis of
Moczydlowski E. & Latorre R. (1983) J. Gen. Physiol. 82:511-542 (their "scheme 2": two
sequential Ca binding steps collapsed into one effective opening), with the parameters used
by Yamada, Koch & Adams (1989) in "Methods in Neuronal Modeling":

    c <-> o   (alpha, beta),   c + o = 1,   ik = gbar o (v - ek)
    alpha = abar/(1 + k1 exp(-2 d1 F v/(R T))/cai)
    beta  = bbar/(1 + cai/(k2 exp(-2 d2 F v/(R T))))
    abar = 0.48 /ms, bbar = 0.28 /ms, k1 = 0.18 mM, k2 = 0.011 mM, d1 = 0.84, d2 = 1

(F v/(R T) with v in mV: v/ktf, ktf = 1000 R (celsius + 273.15)/F). Written as a KINETIC
block solved with sparse, with CONSERVE, and started at its steady state (STEADYSTATE
sparse). Default gbar = 10 mS/cm2 (our choice).
ENDCOMMENT

NEURON {
    SUFFIX bk
    USEION ca READ cai
    USEION k READ ek WRITE ik
    RANGE gbar, g, alpha, beta
    GLOBAL abar, bbar, k1, k2, d1, d2
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    (S) = (siemens)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    gbar = 0.01 (S/cm2) <0, 1e9>
    abar = 0.48 (/ms)
    bbar = 0.28 (/ms)
    k1 = 0.18 (mM)
    k2 = 0.011 (mM)
    d1 = 0.84
    d2 = 1
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    cai (mM)
    ik (mA/cm2)
    g (S/cm2)
    alpha (/ms)
    beta (/ms)
}

STATE {
    c
    o
}

INITIAL {
    SOLVE scheme STEADYSTATE sparse
}

BREAKPOINT {
    SOLVE scheme METHOD sparse
    g = gbar*o
    ik = g*(v - ek)
}

KINETIC scheme {
    rates(v, cai)
    ~ c <-> o (alpha, beta)
    CONSERVE c + o = 1
}

PROCEDURE rates(v (mV), ca (mM)) {
    LOCAL x
    UNITSOFF
    x = 2*v/ktf()
    alpha = abar/(1 + k1*exp(-d1*x)/ca)
    beta = bbar/(1 + ca/(k2*exp(-d2*x)))
    UNITSON
}

FUNCTION ktf() (mV) {
    ktf = (1000)*R*(celsius + 273.15)/FARADAY
}

TITLE Exp2Syn: synaptic conductance as a difference of two exponentials

COMMENT
g(t) = w f (exp(-t/tau2) - exp(-t/tau1)) after an event of weight w at t = 0, tau1 < tau2
(rise and decay time constants; e.g. Dayan & Abbott 2001, sec. 5.8; Roth & van Rossum 2009
in "Computational Modeling Methods for Neuroscientists", ch. 6). Written as two independent
decays, A' = -A/tau1, B' = -B/tau2, g = B - A, each event adding w f to both.

The normalisation f makes the peak of g equal to w: the peak is at
    tp = tau1 tau2/(tau2 - tau1) ln(tau2/tau1),  f = 1/(exp(-tp/tau2) - exp(-tp/tau1)).
As in NEURON's built-in Exp2Syn (whose interface and defaults this follows), tau1 is kept in
[1e-9 tau2, 0.9999 tau2] at initialisation so that f stays finite.
ENDCOMMENT

NEURON {
    POINT_PROCESS Exp2Syn
    RANGE tau1, tau2, e, i
    NONSPECIFIC_CURRENT i
    RANGE g
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau1 = 0.1 (ms) <1e-9, 1e9>
    tau2 = 10 (ms) <1e-9, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    factor
}

STATE {
    A (uS)
    B (uS)
}

INITIAL {
    LOCAL tpeak
    if (tau1/tau2 > 0.9999) {
        tau1 = 0.9999*tau2
    }
    if (tau1/tau2 < 1e-9) {
        tau1 = tau2*1e-9
    }
    A = 0
    B = 0
    tpeak = (tau1*tau2)/(tau2 - tau1)*log(tau2/tau1)
    factor = 1/(-exp(-tpeak/tau1) + exp(-tpeak/tau2))
}

BREAKPOINT {
    SOLVE decays METHOD cnexp
    g = B - A
    i = g*(v - e)
}

DERIVATIVE decays {
    A' = -A/tau1
    B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
    A = A + weight*factor
    B = B + weight*factor
}

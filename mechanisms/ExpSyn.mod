TITLE ExpSyn: synaptic conductance with an instantaneous rise and exponential decay

COMMENT
g' = -g/tau; each incoming event adds its weight (uS) to g; i = g (v - e) (nA).
The single-exponential synapse, e.g. Dayan & Abbott (2001) "Theoretical Neuroscience",
sec. 5.8; Destexhe, Mainen & Sejnowski (1994) Neural Comput. 6:14-18 (its fast limit).
Interface and defaults as NEURON's built-in ExpSyn.
ENDCOMMENT

NEURON {
    POINT_PROCESS ExpSyn
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 0.1 (ms) <1e-9, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
}

STATE {
    g (uS)
}

INITIAL {
    g = 0
}

BREAKPOINT {
    SOLVE decay METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE decay {
    g' = -g/tau
}

NET_RECEIVE(weight (uS)) {
    g = g + weight
}

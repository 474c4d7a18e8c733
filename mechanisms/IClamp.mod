TITLE IClamp: a rectangular current pulse injected through an electrode

COMMENT
i = amp while del <= t < del + dur, else 0. An electrode current: positive i depolarises.
Interface as NEURON's built-in IClamp (del and dur in ms, amp and i in nA). As in NEURON 9,
the pulse edges are not announced to the variable-step integrator (no at_time): with fixed
steps the pulse is sampled at the middle of each step.
ENDCOMMENT

NEURON {
    POINT_PROCESS IClamp
    RANGE del, dur, amp, i
    ELECTRODE_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
}

PARAMETER {
    del (ms)
    dur (ms) <0, 1e9>
    amp (nA)
}

ASSIGNED {
    i (nA)
}

INITIAL {
    i = 0
}

BREAKPOINT {
    if (t >= del && t < del + dur) {
        i = amp
    } else {
        i = 0
    }
}

TITLE pas: passive (ohmic) leak current

COMMENT
A linear leak, i = g (v - e): the membrane resistance of every cable model (e.g. Rall 1977,
Koch 1999 "Biophysics of Computation", ch. 2). Interface and defaults as NEURON's built-in pas.
ENDCOMMENT

NEURON {
    SUFFIX pas
    NONSPECIFIC_CURRENT i
    RANGE g, e
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S) = (siemens)
}

PARAMETER {
    g = 0.001 (S/cm2) <0, 1e9>
    e = -70 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

BREAKPOINT {
    i = g*(v - e)
}

: Calcium accumulation in a thin shell with first-order decay (braincell validation).
NEURON {
    SUFFIX cadecay
    USEION ca READ ica, cai WRITE cai
    RANGE depth, taur, cainf
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    FARADAY = (faraday) (coulomb)
}
PARAMETER {
    depth = 0.1 (um)
    taur = 200 (ms)
    cainf = 1e-4 (mM)
}
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = cainf }
BREAKPOINT { SOLVE state METHOD cnexp }
DERIVATIVE state {
    cai' = -(10000) * ica / (2 * FARADAY * depth) - (cai - cainf) / taur
}

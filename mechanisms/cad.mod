TITLE cad: calcium accumulation in a submembrane shell with first-order removal (Destexhe et al. 1994)

COMMENT
Intracellular calcium in a thin shell under the membrane, filled by the inward calcium
current and relaxing to a resting level, from Destexhe A., Contreras D., Sejnowski T.J. &
Steriade M. (1994) J. Neurophysiol. 72:803-818 (and Destexhe, Babloyantz & Sejnowski 1993,
Biophys. J. 65:1538-1552):

    drive = -ica/(2 F depth)      (only inward current fills the shell: drive >= 0)
    cai'  = drive + (cainf - cai)/taur

ica in mA/cm2, depth in um (the 1e4 converts um to cm), so drive is in mM/ms. Outward
calcium current does not empty the shell (the pump is the relaxation term). Written as in
the original with a nonlinearity (the rectification), so it is integrated with
derivimplicit. Defaults: depth 0.1 um, taur 200 ms, cainf 100 nM (Mainen & Sejnowski
1996 use these with this model).
ENDCOMMENT

NEURON {
    SUFFIX cad
    USEION ca READ ica, cai WRITE cai
    RANGE depth, taur, cainf, drive
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.1 (um) <1e-9, 1e9>
    taur = 200 (ms) <1e-9, 1e9>
    cainf = 1e-4 (mM)
}

ASSIGNED {
    ica (mA/cm2)
    drive (mM/ms)
}

STATE {
    cai (mM) <1e-10>
}

INITIAL {
    cai = cainf
}

BREAKPOINT {
    SOLVE state METHOD derivimplicit
}

DERIVATIVE state {
    drive = -(10000)*ica/(2*FARADAY*depth)
    if (drive <= 0) {
        drive = 0
    }
    cai' = drive + (cainf - cai)/taur
}

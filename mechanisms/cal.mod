TITLE cal: high-voltage-activated (L-type) calcium current, GHK flux (Reuveni et al. 1993)

COMMENT
Gating of the high-voltage-activated Ca current of Reuveni I., Friedman A., Amitai Y. &
Gutnick M.J. (1993) J. Neurosci. 13:4609-4621, as written by Hay E. et al. (2011) PLoS
Comput. Biol. 7:e1002107 (supplementary text, "Ca_HVA"):

    alpha_m = 0.055 (-27 - v)/(exp((-27 - v)/3.8) - 1)     beta_m = 0.94 exp((-75 - v)/17)
    alpha_h = 0.000457 exp((-13 - v)/50)                  beta_h = 0.0065/(exp((-v - 15)/28) + 1)

(1/ms, not temperature-scaled). The open channels carry a Goldman-Hodgkin-Katz flux rather
than an ohmic current (Goldman 1943, J. Gen. Physiol. 27:37; Hodgkin & Katz 1949, J. Physiol.
108:37; see Hille 2001 "Ion Channels of Excitable Membranes", ch. 14):

    ica = pbar m^2 h ghk(v, cai, cao, 2)
    ghk = 1e-3 z F (ci efun(-zeta) - co efun(zeta)),  zeta = z v/ktf,
    ktf = 1000 R (celsius + 273.15)/F (mV),  efun(x) = x/(exp(x) - 1)

pbar in cm/s (ghk in mA/cm2 per cm/s). Reads cai and cao, so eca is not used.
Default pbar = 1e-5 cm/s (our choice: about -10 uA/cm2 at -10 mV when fully activated,
at 36 degC with NEURON's default calcium concentrations).
ENDCOMMENT

NEURON {
    SUFFIX cal
    USEION ca READ cai, cao WRITE ica
    RANGE pbar, minf, hinf, mtau, htau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    pbar = 1e-5 (cm/s) <0, 1e9>
}

ASSIGNED {
    v (mV)
    celsius (degC)
    cai (mM)
    cao (mM)
    ica (mA/cm2)
    minf
    hinf
    mtau (ms)
    htau (ms)
}

STATE {
    m
    h
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ica = pbar*m*m*h*ghk(v, cai, cao, 2)
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b
    UNITSOFF
    a = 0.055*linoid(v + 27, 3.8)
    b = 0.94*exp((-75 - v)/17)
    minf = a/(a + b)
    mtau = 1/(a + b)
    a = 0.000457*exp((-13 - v)/50)
    b = 0.0065/(exp((-v - 15)/28) + 1)
    hinf = a/(a + b)
    htau = 1/(a + b)
    UNITSON
}

FUNCTION ghk(v (mV), ci (mM), co (mM), z) (.001 coul/cm3) {
    LOCAL zeta
    zeta = z*v/ktf()
    ghk = (.001)*z*FARADAY*(ci*efun(-zeta) - co*efun(zeta))
}

FUNCTION ktf() (mV) {
    ktf = (1000)*R*(celsius + 273.15)/FARADAY
}

FUNCTION efun(x) {
    : x/(exp(x) - 1), continued through x = 0 by 1 - x/2
    if (fabs(x) < 1e-4) {
        efun = 1 - x/2
    } else {
        efun = x/(exp(x) - 1)
    }
}

FUNCTION linoid(x, k) {
    : x/(1 - exp(-x/k)), continued through x = 0 by k (1 + x/(2k))
    if (fabs(x/k) < 1e-6) {
        linoid = k*(1 + x/k/2)
    } else {
        linoid = x/(1 - exp(-x/k))
    }
}

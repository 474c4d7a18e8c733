TITLE cat: low-threshold (T-type) calcium current (Huguenard & McCormick 1992; Pospischil et al. 2008)

COMMENT
The T current of thalamic relay cells, Huguenard J.R. & McCormick D.A. (1992)
J. Neurophysiol. 68:1373-1383, with instantaneous activation, in the form of Destexhe A.
et al. (1998) J. Neurophysiol. 79:999-1016 and Pospischil M. et al. (2008) Biol. Cybern.
99:427-441, eqs. 11-13:

    ica = gbar sinf(v)^2 u (v - eca)
    sinf = 1/(1 + exp(-(v + vx + 57)/6.2))
    uinf = 1/(1 + exp((v + vx + 81)/4))
    utau = (30.8 + (211.4 + exp((v + vx + 113.2)/5))/(1 + exp((v + vx + 84)/3.2)))/phi
    phi  = q10^((celsius - 24)/10)     (q10 = 3; Pospischil use phi = 3.7 at 36 degC)

vx = 2 mV shifts the curves (Pospischil, LTS cell). The activation is not a state: sinf
is a FUNCTION evaluated in BREAKPOINT. Ohmic in eca (a calcium accumulation mechanism that
writes cai makes NEURON recompute eca by Nernst every step). Default gbar = 0.4 mS/cm2
(Pospischil, LTS cell).
ENDCOMMENT

NEURON {
    SUFFIX cat
    USEION ca READ eca WRITE ica
    RANGE gbar, vx, g
    RANGE uinf, utau
    GLOBAL q10
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 4e-4 (S/cm2) <0, 1e9>
    vx = 2 (mV)
    q10 = 3
}

ASSIGNED {
    v (mV)
    celsius (degC)
    eca (mV)
    ica (mA/cm2)
    g (S/cm2)
    uinf
    utau (ms)
}

STATE {
    u
}

INITIAL {
    rates(v)
    u = uinf
}

BREAKPOINT {
    LOCAL s
    SOLVE states METHOD cnexp
    s = sinf(v)
    g = gbar*s*s*u
    ica = g*(v - eca)
}

DERIVATIVE states {
    rates(v)
    u' = (uinf - u)/utau
}

FUNCTION sinf(v (mV)) {
    UNITSOFF
    sinf = 1/(1 + exp(-(v + vx + 57)/6.2))
    UNITSON
}

PROCEDURE rates(v (mV)) {
    LOCAL phi
    UNITSOFF
    phi = q10^((celsius - 24)/10)
    uinf = 1/(1 + exp((v + vx + 81)/4))
    utau = (30.8 + (211.4 + exp((v + vx + 113.2)/5))/(1 + exp((v + vx + 84)/3.2)))/phi
    UNITSON
}

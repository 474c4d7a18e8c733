TITLE ka: transient A-type potassium current (Connor & Stevens 1971)

COMMENT
The A current of the Connor-Stevens model, Connor J.A. & Stevens C.F. (1971) J. Physiol.
213:31-53, in the fitted form of Dayan P. & Abbott L.F. (2001) "Theoretical Neuroscience"
(MIT Press), sec. 6.2 and the appendix to ch. 6 (v in mV, times in ms):

    ik = gbar a^3 b (v - ek)
    ainf = (0.0761 exp((v + 94.22)/31.84) / (1 + exp((v + 1.17)/28.93)))^(1/3)
    atau = 0.3632 + 1.158/(1 + exp((v + 55.96)/20.12))
    binf = 1/(1 + exp((v + 53.3)/14.54))^4
    btau = 1.24 + 2.678/(1 + exp((v + 50)/16.027))

Default gbar = 0.477 mS/mm2 = 0.0477 S/cm2 (Dayan & Abbott). The reversal potential is the
k ion's ek (the model's E_A = -75 mV can be set through ek). Not temperature-scaled.
ENDCOMMENT

NEURON {
    SUFFIX ka
    USEION k READ ek WRITE ik
    RANGE gbar, g
    RANGE ainf, binf, atau, btau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.0477 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    ainf
    binf
    atau (ms)
    btau (ms)
}

STATE {
    a
    b
}

INITIAL {
    rates(v)
    a = ainf
    b = binf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*a*a*a*b
    ik = g*(v - ek)
}

DERIVATIVE states {
    rates(v)
    a' = (ainf - a)/atau
    b' = (binf - b)/btau
}

PROCEDURE rates(v (mV)) {
    UNITSOFF
    ainf = (0.0761*exp((v + 94.22)/31.84)/(1 + exp((v + 1.17)/28.93)))^(1/3)
    atau = 0.3632 + 1.158/(1 + exp((v + 55.96)/20.12))
    binf = 1/(1 + exp((v + 53.3)/14.54))^4
    btau = 1.24 + 2.678/(1 + exp((v + 50)/16.027))
    UNITSON
}

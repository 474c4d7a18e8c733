: A calcium leak that reads eca (braincell validation).
NEURON {
    SUFFIX caleak
    USEION ca READ eca WRITE ica
    RANGE g
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) }
PARAMETER { g = 1e-4 (S/cm2) }
ASSIGNED { v (mV) eca (mV) ica (mA/cm2) }
BREAKPOINT { ica = g * (v - eca) }

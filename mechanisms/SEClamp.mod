TITLE SEClamp: single-electrode voltage clamp with three command levels

COMMENT
An ideal command source vc behind a series (access) resistance rs:

    i = (vc - v)/rs        (nA = mV/megohm; electrode current, positive depolarises)

vc is amp1 for 0 <= t < dur1, amp2 until dur1 + dur2, amp3 until dur1 + dur2 + dur3; after
that the clamp is off (i = 0, vc = 0). Interface and semantics as NEURON's built-in SEClamp:
the current is recomputed with the updated v after each step (SOLVE ... METHOD after_cvode),
so the recorded i is (vc - v(t))/rs. The level changes are not announced to the
variable-step integrator (no at_time): with fixed steps vc is sampled at mid-step.
ENDCOMMENT

NEURON {
    POINT_PROCESS SEClamp
    ELECTRODE_CURRENT i
    RANGE dur1, amp1, dur2, amp2, dur3, amp3, rs, vc, i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    rs = 1 (megohm) <1e-9, 1e9>
    dur1 (ms)
    amp1 (mV)
    dur2 (ms) <0, 1e9>
    amp2 (mV)
    dur3 (ms) <0, 1e9>
    amp3 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    vc (mV)
    tc2 (ms)
    tc3 (ms)
    on
}

INITIAL {
    tc2 = dur1 + dur2
    tc3 = tc2 + dur3
    on = 0
}

BREAKPOINT {
    SOLVE clamp_current METHOD after_cvode
    command()
}

PROCEDURE clamp_current() {
    if (on) {
        i = (vc - v)/rs
    } else {
        i = 0
    }
}

PROCEDURE command() {
    on = 1
    if (t < dur1) {
        vc = amp1
    } else if (t < tc2) {
        vc = amp2
    } else if (t < tc3) {
        vc = amp3
    } else {
        vc = 0
        on = 0
    }
    clamp_current()
}

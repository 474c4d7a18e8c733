TITLE NetStim: a regular train of events (artificial cell)

COMMENT
Emits `number` events, the first at `start`, then one every `interval` ms. Interface and
(for noise = 0) behaviour as NEURON's built-in NetStim:

* at initialisation, if start >= 0 and number > 0, the train is armed (a self-event with
  flag 3 at the first spike time); start < 0 leaves it off;
* an external event with a positive weight turns an idle train on: its first spike is
  `interval (1 - noise)` ms early, i.e. immediately when noise = 0; a negative weight turns
  a running train off for good;
* each spike (self-event, flag 1) counts in ispike and is sent with net_event; the train
  stops after `number` spikes.

Randomness: with noise > 0 each interval is (1 - noise) mean + noise mean E, E an
exponential draw of mean 1 (random_negexp on the RANDOM variable ranvar), as in NEURON 9's
NetStim. braincell draws E from the run's seed (seed=... in Python, `seed:` in a run spec),
so the trains have NEURON's statistics but not its numbers. With noise = 0 no draw is used
and the event times are those of NEURON's NetStim to the last bit (the same expressions are
evaluated).
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL NetStim
    RANGE interval, number, start
    RANGE noise
    THREADSAFE
    RANDOM ranvar
}

PARAMETER {
    interval = 10 (ms) <1e-9, 1e9>
    number = 10 <0, 1e9>
    start = 50 (ms)
    noise = 0 <0, 1>
}

ASSIGNED {
    event (ms)
    on
    ispike
}

INITIAL {
    on = 0
    ispike = 0
    if (noise < 0) {
        noise = 0
    }
    if (noise > 1) {
        noise = 1
    }
    if (start >= 0 && number > 0) {
        on = 1
        event = start + interval_length(interval) - interval*(1 - noise)
        if (event < 0) {
            event = 0
        }
        net_send(event, 3)
    }
}

FUNCTION interval_length(mean (ms)) (ms) {
    : (1 - noise) mean + noise mean E, E exponential with mean 1
    if (mean <= 0) {
        mean = 0.01 (ms)
    }
    if (noise == 0) {
        interval_length = mean
    } else {
        interval_length = (1 - noise)*mean + noise*mean*random_negexp(ranvar)
    }
}

PROCEDURE seed(x) {
    : kept for scripts written for NEURON's NetStim (NEURON: random_setseq(ranvar, x));
    : braincell's numbers come from the run's seed
}

PROCEDURE restart() {
    if (number > 0) {
        on = 1
        event = 0
        ispike = 0
    }
}

PROCEDURE advance_train() {
    if (number > 0) {
        event = interval_length(interval)
    }
    if (ispike >= number) {
        on = 0
    }
}

NET_RECEIVE (w) {
    if (flag == 0) {
        : an event from a NetCon
        if (w > 0 && on == 0) {
            restart()
            advance_train()
            event = event - interval*(1 - noise)
            net_send(event, 1)
        } else if (w < 0) {
            on = 0
        }
    }
    if (flag == 3) {
        : the self-event armed in INITIAL
        if (on == 1) {
            restart()
            net_send(0, 1)
        }
    }
    if (flag == 1 && on == 1) {
        ispike = ispike + 1
        net_event(t)
        advance_train()
        if (on == 1) {
            net_send(event, 1)
        }
    }
}

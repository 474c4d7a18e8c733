"""Small hand-written .mod texts used by the golden, printer, CLI and fuzz tests."""

HH = """TITLE hh.mod   squid sodium, potassium, and leak channels

COMMENT
 The original Hodgkin-Huxley model. { unbalanced braces are fine here
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX hh
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gnabar, gkbar, gl, el, gna, gk
    GLOBAL minf, hinf, ninf, mtau, htau, ntau
    THREADSAFE
}

PARAMETER {
    gnabar = .12 (S/cm2) <0,1e9>
    gkbar = .036 (S/cm2) <0,1e9>
    gl = .0003 (S/cm2) <0,1e9>
    el = -54.3 (mV)
}

STATE {
    m h n
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ek (mV)
    gna (S/cm2)
    gk (S/cm2)
    ina (mA/cm2)
    ik (mA/cm2)
    il (mA/cm2)
    minf hinf ninf
    mtau (ms) htau (ms) ntau (ms)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gna = gnabar*m*m*m*h
    ina = gna*(v - ena)
    gk = gkbar*n*n*n*n
    ik = gk*(v - ek)
    il = gl*(v - el)
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
    n = ninf
}

DERIVATIVE states {
    rates(v)
    m' = (minf-m)/mtau
    h' = (hinf-h)/htau
    n' = (ninf-n)/ntau
}

PROCEDURE rates(v(mV)) {  : computes the rates
    LOCAL alpha, beta, sum, q10
    TABLE minf, mtau, hinf, htau, ninf, ntau DEPEND celsius FROM -100 TO 100 WITH 200
UNITSOFF
    q10 = 3^((celsius - 6.3)/10)
    alpha = .1 * vtrap(-(v+40),10)
    beta =  4 * exp(-(v+65)/18)
    sum = alpha + beta
    mtau = 1/(q10*sum)
    minf = alpha/sum
    alpha = .07 * exp(-(v+65)/20)
    beta = 1 / (exp(-(v+35)/10) + 1)
    sum = alpha + beta
    htau = 1/(q10*sum)
    hinf = alpha/sum
    alpha = .01*vtrap(-(v+55),10)
    beta = .125*exp(-(v+65)/80)
    sum = alpha + beta
    ntau = 1/(q10*sum)
    ninf = alpha/sum
}

FUNCTION vtrap(x,y) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    }else{
        vtrap = x/(exp(x/y) - 1)
    }
}
UNITSON
"""

CADYN = """NEURON {
    SUFFIX cadyn
    USEION ca READ ica WRITE cai VALENCE 2
    RANGE depth, taur
}

UNITS {
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
    F2 = 96485.3 (coulomb)
    foot2inch = (foot) -> (inch)
}

CONSTANT { q = 2 (1) }

PARAMETER {
    depth = .1 (um)
    taur = 200 (ms)
    cainf = 100e-6 (mM)
    gs[3] (mM)
}

STATE { cai (mM) <1e-10> }

ASSIGNED { ica (mA/cm2) drive (mM/ms) }

INITIAL { cai = cainf }

BREAKPOINT { SOLVE state METHOD derivimplicit }

DERIVATIVE state {
    drive = -(10000)*ica/(2*FARADAY*depth)
    if (drive <= 0.) { drive = 0. }
    cai' = drive + (cainf-cai)/taur
}
"""

KINETIC = """NEURON {
    SUFFIX kin
    USEION ca READ cai WRITE ica
    RANGE kf, kb
}

DEFINE NANN 4

PARAMETER { kf = 1 (/ms) kb = 2 (/ms) }

ASSIGNED { ica (mA/cm2) cai (mM) vol[NANN] }

STATE { C O I cas[NANN] (mM) }

BREAKPOINT { SOLVE scheme METHOD sparse }

INITIAL { SOLVE scheme STEADYSTATE sparse }

KINETIC scheme {
    LOCAL i
    COMPARTMENT i, vol[i] {cas}
    LONGITUDINAL_DIFFUSION i, 0.6*vol[i] {cas}
    ~ C <-> O (kf, kb)
    ~ O + 2 I <-> C (kb*2, kf)
    ~ cas[0] << (ica)
    ~ I -> (kb)
    FROM i = 0 TO NANN-2 {
        ~ cas[i] <-> cas[i+1] (kf, kf)
    }
    CONSERVE C + O + I = 1
}
"""

SYNAPSE = """NEURON {
    POINT_PROCESS Syn
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
    POINTER ptr
    BBCOREPOINTER rng
    RANDOM ran
}

PARAMETER { tau = 0.1 (ms) <1e-9,1e9> e = 0 (mV) }

ASSIGNED { v (mV) i (nA) ptr rng }

STATE { g (uS) }

INITIAL { g = 0  net_send(0, 1) }

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE state { g' = -g/tau }

NET_RECEIVE(weight (uS), tsyn (ms)) {
    INITIAL { tsyn = t }
    if (flag == 1) {
        WATCH (v > -20) 2, (v < -60 (mV)) 3
    } else if (flag == 2 && !(weight < 0) || t >= 2) {
        net_event(t)
    } else {
        g = g + weight
    }
    FOR_NETCONS(w, ts) { ts = t }
}

VERBATIM
static int helper(void) { return 0; /* } unbalanced { */
ENDVERBATIM

CONSTRUCTOR {
VERBATIM
  /* nothing */
ENDVERBATIM
}

DESTRUCTOR { }

BEFORE BREAKPOINT { }
AFTER SOLVE { }
"""

MISC = """TITLE everything else
INCLUDE "other.inc"
LOCAL scratch, buf[4]
INDEPENDENT { t FROM 0 TO 1 WITH 1 (ms) }

NEURON {
    ARTIFICIAL_CELL Misc
    USEION na READ nai WRITE ina VALENCE -1 REPRESENTS CHEBI:29101
    USEION k WRITE ik
    ELECTRODE_CURRENT ie
    EXTERNAL ext
    REPRESENTS NCIT:C17145
}

PARAMETER { lagtime = 1 (ms) }

STATE { x FROM 0 TO 1 START 0.5 y[2] a b }

ASSIGNED { v (mV) ie nai ina ik ext c }

LINEAR lin SOLVEFOR a, b {
    ~ a + b = 1
    ~ a - b = 0
    ~+ b = 0
}

NONLINEAR nonlin {
    ~ a*a = 2
    ~ b = a
}

PROCEDURE p() {
    LOCAL k
    k = 0
    WHILE (k < 3) { k = k + 1 }
    while (k > 0) { k = k - 1 }
    FROM k = 0 TO 4 BY 2 { scratch = k }
    IF (k == 0) { k = 1 } ELSE { k = 2 }
    PROTECT a = a + 1
    MUTEXLOCK
    b = -a^2 + 2^-1 - (a - b) - a*(b/k) + a/(b*k)
    MUTEXUNLOCK
    printf("k = %g\\n", k)
    LAG c BY lagtime
    { b = 1 }
    COMMENT
      a statement-level comment }
    ENDCOMMENT
}

BREAKPOINT {
    CONDUCTANCE c USEION na
    ina = c*(v - 50)
}

FUNCTION_TABLE tab(v (mV)) (ms)

FUNCTION f(z) (1) { f = z*x' }
"""

ALL = {"hh": HH, "cadyn": CADYN, "kinetic": KINETIC, "synapse": SYNAPSE, "misc": MISC}

"""The LaTeX commands an export may contain, and nothing else.

A ``.bib`` file is program text for LaTeX: whatever a title says ends up
executed when the bibliography is typeset. So the exporters never copy a
backslash from the library; they only *write* the commands listed here, and
each list was checked by compiling every entry with ``pdflatex`` in LaTeX's
default OT1 encoding with no packages loaded (TeX Live 2022). Commands that
need a package or the T1 encoding (``\\k``, ``\\dh``, ``\\ng``, ``\\mathbb``,
``\\text``) are left out on purpose: the output must compile in any document.
``tests/integration/test_latex_compile.py`` re-checks all of them in CI.
"""

from __future__ import annotations

# Text-mode commands pylatexenc may produce for one Unicode character.
TEXT_COMMANDS = frozenset(
    """" ' ` ^ ~ = . , ; - H c u v r d b t AE ae OE oe O o L l IJ ij ss i j aa AA
    textacutedbl textasciiacute textasciibreve textasciicaron textasciicircum
    textasciidieresis textasciimacron textasciitilde textasteriskcentered textbaht
    textbrokenbar textbullet textcelsius textcent textcircledP textcolonmonetary
    textcopyright textcurrency textdagger textdaggerdbl textdegree textdiscount
    textdiv textdong textdownarrow textellipsis textemdash textendash textestimated
    texteuro textexclamdown textflorin textfractionsolidus textinterrobang
    textleftarrow textlira textlnot textmho textmu textnaira textnumero textonehalf
    textonequarter textonesuperior textordfeminine textordmasculine textparagraph
    textperiodcentered textpertenthousand textperthousand textpeso textquestiondown
    textquotedblleft textquotedblright textquoteleft textquoteright textrecipe
    textreferencemark textregistered textrightarrow textsc textsection
    textservicemark textsterling textsuperscript textthreequarters
    textthreesuperior texttimes texttrademark texttwosuperior textuparrow textwon
    textyen quad""".split()
)

# Math-mode commands (kernel only) allowed inside ``\ensuremath{}`` and in
# ``$...$`` math kept from titles and abstracts, with their argument counts.
MATH_ARITY: dict[str, int] = {
    name: 0
    for name in """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa
    lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi
    psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    aleph hbar ell wp Re Im partial infty nabla prime emptyset surd top bot angle
    forall exists neg lnot flat natural sharp backslash clubsuit diamondsuit
    heartsuit spadesuit imath jmath
    sum prod coprod int oint bigcap bigcup bigvee bigwedge bigoplus bigotimes
    bigodot biguplus bigsqcup
    pm mp times div ast star circ bullet cdot cap cup uplus sqcap sqcup vee wedge
    setminus wr diamond bigtriangleup bigtriangledown triangleleft triangleright
    oplus ominus otimes oslash odot bigcirc dagger ddagger amalg lor land
    leq le geq ge neq ne equiv prec succ sim preceq succeq simeq ll gg asymp
    subset supset approx subseteq supseteq cong sqsubseteq sqsupseteq bowtie in
    ni propto vdash dashv models smile mid frown parallel perp doteq notin
    leftarrow gets rightarrow to longleftarrow longrightarrow Leftarrow Rightarrow
    Longleftarrow Longrightarrow leftrightarrow Leftrightarrow longleftrightarrow
    Longleftrightarrow iff mapsto longmapsto hookleftarrow hookrightarrow
    leftharpoonup leftharpoondown rightharpoonup rightharpoondown rightleftharpoons
    uparrow downarrow updownarrow Uparrow Downarrow Updownarrow nearrow searrow
    swarrow nwarrow
    langle rangle lfloor rfloor lceil rceil lbrace rbrace vert Vert lmoustache
    rmoustache
    ldots cdots vdots ddots dots colon
    log ln lg exp sin cos tan cot sec csc sinh cosh tanh coth arcsin arccos arctan
    max min sup inf lim limsup liminf arg det dim ker deg gcd hom Pr
    quad qquad
    """.split()
}
MATH_ARITY.update(
    {
        name: 1
        for name in """mathrm mathbf mathit mathsf mathtt mathcal sqrt hat check breve
        acute grave tilde bar vec dot ddot widehat widetilde overline underline
        overbrace underbrace not""".split()
    }
)
MATH_ARITY["frac"] = 2

# Control symbols (backslash + one character) fine in math mode.
MATH_SYMBOLS = frozenset(",;:!> {}|%#&_$")

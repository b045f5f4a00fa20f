"""A real-sized vocabulary for the "realistic" corpus: real words first.

Real abstracts are not like the synthetic set's made-up words, each in a
small share of papers: "model", "learning", "data", "network" are in most
computer-science abstracts, and those are what people type (issue 13). The
most frequent ranks here are real English research words (distinct after
stemming, so each rank is one index term), followed by generated words up
to tens of thousands, drawn by a Zipf–Mandelbrot law tuned so the top words
are in 85–96 % of papers, as in arXiv abstracts.
"""

from __future__ import annotations

import random

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

REALISTIC_SIZE = 50_000
# Zipf–Mandelbrot p(rank) ∝ 1 / (rank + Q) ** S: with ~200 words a paper
# rank 1 is in ~96 % of papers, rank 5 in ~88 %, rank 10 in ~78 %.
S, Q = 1.05, 8.0

COMMON = """
model learning data network method results language neural training performance
task approach paper propose based show using deep problem framework image
algorithm information models time system graph large representation set work
existing different new dataset generation text two also high efficient novel
datasets tasks experiments attention features multiple state demonstrate study
accuracy via first analysis architecture networks trained robust prediction
knowledge space structure approaches evaluation applications optimization
techniques methods distribution reinforcement policy agent transformer diffusion
generative adversarial classification detection segmentation embedding
embeddings encoder decoder supervised unsupervised semantic visual vision
domain transfer benchmark benchmarks loss function functions parameters
gradient stochastic convergence theoretical empirical improvement improve
effective effectively quality scale scalable computational cost efficiency
inference reasoning question answering retrieval dialogue speech audio video
temporal spatial sequence sequences token tokens context contextual pretrained
pretraining fine tuning prompt prompts instruction alignment human feedback
reward safety privacy federated distributed parallel memory hardware energy
sparse dense low rank matrix tensor kernel linear nonlinear convex bayesian
probabilistic uncertainty estimation sampling noise robustness adversarial
attack defense fairness bias interpretability explanation causal inference
counterfactual graph node edge link molecular protein biology medical clinical
health patient diagnosis imaging physics simulation control robot robotic
navigation manipulation planning autonomous driving vehicle sensor signal
recognition object scene point cloud depth pose tracking motion camera 3d
rendering synthesis style editing translation summarization generation
sentiment entity relation extraction corpus annotation label labels labeled
few shot zero contrastive self supervision mask masked autoregressive latent
variational autoencoder score energy flow continuous discrete search
evolutionary genetic heuristic combinatorial scheduling routing game theory
equilibrium market economic social user users recommendation personalized
online offline streaming real world environment environments simulation
open source code software program programs verification formal logic
symbolic neuro hybrid mixture experts routing distillation compression pruning
quantization efficient lightweight mobile edge device devices cloud cluster
""".split()

# Two-word phrases that recur in abstracts, each with its share of papers.
PHRASES = [("graph attention", 0.04), ("neural network", 0.12), ("language model", 0.10),
           ("reinforcement learning", 0.06), ("large language models", 0.05),
           ("diffusion model", 0.04), ("point cloud", 0.02), ("knowledge distillation", 0.02),
           ("contrastive learning", 0.03), ("question answering", 0.03)]

_ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v",
           "w", "z", "br", "cr", "dr", "gr", "pr", "tr", "st", "sp", "ch", "th", "pl"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
_CODAS = ["", "n", "r", "s", "l", "m", "x", "nt", "rd", "st", "ng"]


def realistic_vocabulary(seed: int, size: int = REALISTIC_SIZE) -> list[str]:
    """Words most frequent first: real research words, then generated ones."""
    words: dict[str, None] = {}
    stems: set[str] = set()
    for w in COMMON:
        if w not in STOP_WORDS and stem(w) not in stems and len(w) >= 2:
            stems.add(stem(w))
            words.setdefault(w, None)
    rng = random.Random(f"{seed}:realistic-vocabulary")
    while len(words) < size:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(syllables))
        if word not in STOP_WORDS and stem(word) not in stems:
            stems.add(stem(word))
            words.setdefault(word, None)
    return list(words)


def weights(n: int) -> list[float]:
    return [1.0 / (rank + Q) ** S for rank in range(1, n + 1)]

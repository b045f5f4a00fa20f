"""Papers about recognisable topics, for tests (and screenshots) of "For you".

Each topic has its own words; abstracts mix them with the filler every
abstract has, so a model must find the topic words to rank well. The same
seed always gives the same papers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from readinglist.core.models import Author, PaperDraft
from tests.fakes import samples

TOPICS: dict[str, tuple[list[str], list[str]]] = {
    # topic: (words, title templates)
    "diffusion": (
        "diffusion denoising score-based sampler noise schedule image synthesis latent "
        "guidance classifier-free u-net text-to-image generation ddim consistency "
        "distillation inpainting".split(),
        ["Faster Sampling for {a} Diffusion Models", "{a} Guidance in Latent Diffusion",
         "Consistency Distillation of {a} Samplers", "Score-Based {a} Image Synthesis",
         "Noise Schedules for {a} Denoising Diffusion"],
    ),
    "rl": (
        "reinforcement policy reward agent exploration value-function q-learning actor-critic "
        "environment offline-rl trajectory return mdp bandit regret control".split(),
        ["Offline Reinforcement Learning with {a} Policies", "Exploration Bonuses for {a} Agents",
         "Actor-Critic Methods under {a} Rewards", "Regret Bounds for {a} Bandits",
         "Q-Learning in {a} Environments"],
    ),
    "graphs": (
        "graph node edge message-passing gnn molecule neighbourhood spectral laplacian "
        "link-prediction oversmoothing heterophily subgraph topology".split(),
        ["Message Passing on {a} Graphs", "Oversmoothing in {a} Graph Neural Networks",
         "Spectral Filters for {a} Link Prediction", "Heterophily and {a} Node Classification"],
    ),
    "speech": (
        "speech audio acoustic asr phoneme speaker waveform vocoder prosody spectrogram "
        "utterance transcription wav2vec tts".split(),
        ["End-to-End {a} Speech Recognition", "Neural Vocoders for {a} Speech Synthesis",
         "Speaker Verification with {a} Embeddings", "Prosody Transfer in {a} TTS"],
    ),
    "proteins": (
        "protein folding residue sequence structure alphafold enzyme binding ligand docking "
        "amino-acid backbone mutation antibody".split(),
        ["Protein Structure Prediction with {a} Models", "Ligand Docking by {a} Search",
         "Antibody Design with {a} Generative Models", "Enzyme Function from {a} Sequences"],
    ),
}
FILLER = (
    "model models data training performance efficient robust scalable framework evaluate "
    "benchmark large accuracy baseline improve learning neural network analysis simple "
    "generalization empirical theoretical dataset".split()
)
ADJECTIVES = ["Scalable", "Robust", "Efficient", "Adaptive", "Sparse", "Hierarchical",
              "Conditional", "Multiscale", "Calibrated", "Structured"]


def topic_text(topic: str, rng: random.Random) -> tuple[str, str]:
    words, templates = TOPICS[topic]
    title = rng.choice(templates).format(a=rng.choice(ADJECTIVES))
    sentences = []
    for _ in range(5):
        chosen = [rng.choice(words) if rng.random() < 0.45 else rng.choice(FILLER)
                  for _ in range(rng.randint(12, 18))]
        sentences.append(" ".join(chosen).capitalize() + ".")
    return title, " ".join(sentences)


def library_papers(topics: dict[str, int], *, seed: int = 1,
                   tags: dict[str, str] | None = None) -> list[tuple[PaperDraft, list[str]]]:
    """``count`` papers per topic, each with the topic's tag (``tags`` maps topic -> tag)."""
    rng = random.Random(seed)
    out = []
    for topic, count in topics.items():
        for n in range(count):
            title, abstract = topic_text(topic, rng)
            draft = PaperDraft(title=f"{title} ({n + 1})", abstract=abstract,
                               authors=(Author(samples.person(rng)),), year=2020 + n % 6)
            out.append((draft, [(tags or {}).get(topic, topic)]))
    return out


def day_items(day: date, topics: dict[str, int], *, seed: int = 7, first: int = 20000,
              authors: dict[int, str] | None = None) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """A Hugging Face day: items, and arXiv id -> topic. Upvotes know nothing of topics."""
    rng = random.Random(seed)
    items, topic_of = [], {}
    n = 0
    for topic, count in topics.items():
        for _ in range(count):
            title, abstract = topic_text(topic, rng)
            arxiv_id = f"{day.year % 100:02d}{day.month:02d}.{first + n:05d}"
            names = [samples.person(rng) for _ in range(rng.randint(1, 3))]
            if authors and n in authors:
                names[0] = authors[n]
            items.append(samples.hf_item(
                arxiv_id, title, authors=names, summary=abstract, upvotes=rng.randint(0, 200),
                num_comments=0, published=f"{(day - timedelta(days=1)).isoformat()}T17:08:18.000Z",
                daily_at=f"{day.isoformat()}T03:55:12.777Z", ai=False, github=None, project=None,
                organization=None, with_user_key=False))
            topic_of[arxiv_id] = topic
            n += 1
    items.sort(key=lambda it: -it["paper"]["upvotes"])
    return items, topic_of

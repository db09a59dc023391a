"""A generated knowledge base with known facts, and questions about it."""

from __future__ import annotations

import random

ADJECTIVES = [
    "amber",
    "brisk",
    "cobalt",
    "dusky",
    "ember",
    "fable",
    "granite",
    "hollow",
    "ivory",
    "jade",
]
NOUNS = [
    "falcon",
    "harbor",
    "lantern",
    "meadow",
    "nebula",
    "orchid",
    "pylon",
    "quarry",
    "raven",
    "summit",
]
TEAMS = [
    "payments",
    "search",
    "identity",
    "billing",
    "growth",
    "platform",
    "mobile",
    "data",
    "infra",
    "support",
]
REGIONS = ["eu-west-1", "us-east-2", "ap-south-1", "eu-north-1", "us-west-2", "sa-east-1"]
FILLER = [
    "It was introduced during the last architecture review.",
    "Deployments happen through the standard pipeline with canary releases.",
    "Incidents are tracked in the shared on-call rotation.",
    "Its dashboards live in the observability workspace.",
    "Configuration is read from environment variables at start-up.",
]
UNANSWERABLE = [
    "What is the recipe for banana bread?",
    "Who won the football world cup in 1998?",
    "How tall is Mount Kilimanjaro?",
    "What is the boiling point of ethanol?",
    "Which planet has the most moons?",
    "What language is spoken in Brazil?",
    "How do you knit a scarf?",
    "When was the printing press invented?",
    "What is the capital of Mongolia?",
    "How many strings does a cello have?",
]


def corpus(n: int = 200, seed: int = 7) -> list[dict[str, str | int]]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        name = f"{ADJECTIVES[i % 10]}-{NOUNS[(i // 10) % 10]}-{i}"
        doc = {
            "name": name,
            "port": 3000 + rng.randrange(6000),
            "team": rng.choice(TEAMS),
            "region": rng.choice(REGIONS),
        }
        doc["text"] = (
            f"# Service {name}\n\nThe {name} service listens on port {doc['port']}. "
            f"It is owned by the {doc['team']} team and deployed in {doc['region']}. "
            + " ".join(rng.sample(FILLER, 2))
        )
        docs.append(doc)
    return docs


def questions(
    docs: list[dict[str, str | int]], n: int = 50, seed: int = 11
) -> list[tuple[str, int]]:
    rng = random.Random(seed)
    templates = [
        "Which port does {name} listen on?",
        "Who owns the {name} service?",
        "In which region is {name} deployed?",
        "What port is configured for service {name}?",
        "Which team is responsible for {name}?",
    ]
    picks = rng.sample(range(len(docs)), n)
    return [(rng.choice(templates).format(name=docs[i]["name"]), i) for i in picks]

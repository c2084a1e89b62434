#!/usr/bin/env python3
"""Prints the LMArena rows of services/Releases/Data/benchmark-scores.csv from pinned leaderboard snapshots.

    git clone https://github.com/fboulnois/llm-leaderboard-csv /tmp/llm-leaderboard-csv
    python3 infra/reference/scores/lmarena.py /tmp/llm-leaderboard-csv > /tmp/lmarena-rows.csv

The snapshots are the repository's csv/lmsys.csv at the pinned commits below: a scrape of the LMArena (Chatbot
Arena) leaderboard's main table on the date of the commit's version. Each catalog model takes the leaderboard entry
named in ENTRIES (the first one present in the snapshot, so a model served as successive API versions takes the one
the leaderboard showed as current); a model with no entry in a snapshot has no row for it. Deterministic: the same
clone gives the same bytes. Only the standard library.
"""

import csv
import io
import subprocess
import sys

REPOSITORY = "https://github.com/fboulnois/llm-leaderboard-csv"

# (measured on, commit, the leaderboard the scrape read)
SNAPSHOTS = [
    ("2024-06-19", "3792cf00e845ff3a0a04e84ee6fcbbf8e287c439", "https://huggingface.co/spaces/lmsys/chatbot-arena-leaderboard"),
    ("2024-08-14", "907d196feec06a66c7da4dc20ef83fc9299301d2", "https://huggingface.co/spaces/lmsys/chatbot-arena-leaderboard"),
    ("2024-09-28", "9e0aed926827557064518be91b14b04b23133f55", "https://huggingface.co/spaces/lmsys/chatbot-arena-leaderboard"),
    ("2024-12-31", "fd1f48b039b4518d04fad21bc13156b0cfb50ec9", "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard"),
    ("2025-02-04", "ff2b7d39f2f98c0310c8f52d5f1056885baa4067", "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard"),
    ("2025-03-28", "a1cb720ff8c61854be8db858956f0b1c62119563", "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard"),
    ("2025-06-25", "7f77ccfdbb97d2dfff6dc3082cff02a08d8d30d8", "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard"),
]

# catalog model id (as the releases service makes it from data/releases.csv), variant (the member of a release that
# names several models; empty for one), leaderboard entries in order of preference (matched case-insensitively).
ENTRIES = [
    ("gpt-4", "", ["GPT-4-0314"]),
    ("llama-2-7b-70b", "Llama 2 70B", ["Llama-2-70b-chat"]),
    ("mistral-7b", "", ["Mistral-7B-Instruct-v0.1"]),
    ("yi-34b", "", ["Yi-34B-Chat"]),
    ("gemini-1-0-pro-ultra", "Gemini 1.0 Pro", ["Gemini Pro"]),
    ("mixtral-8x7b", "", ["Mixtral-8x7b-Instruct-v0.1"]),
    ("gemini-1-5-pro", "", ["Gemini-1.5-Pro-002", "Gemini-1.5-Pro-001", "Gemini-1.5-Pro-API-0514"]),
    ("mistral-large", "", ["Mistral-Large-2402"]),
    ("claude-3-opus-sonnet-haiku", "Claude 3 Opus", ["Claude 3 Opus"]),
    ("claude-3-opus-sonnet-haiku", "Claude 3 Sonnet", ["Claude 3 Sonnet"]),
    ("claude-3-opus-sonnet-haiku", "Claude 3 Haiku", ["Claude 3 Haiku"]),
    ("llama-3-8b-70b", "Llama 3 70B", ["Llama-3-70b-Instruct"]),
    ("llama-3-8b-70b", "Llama 3 8B", ["Llama-3-8b-Instruct"]),
    ("deepseek-v2", "", ["Deepseek-v2-API-0628"]),
    ("gpt-4o", "", ["GPT-4o-2024-05-13"]),
    ("qwen2-0-5b-72b", "Qwen2-72B", ["Qwen2-72B-Instruct"]),
    ("claude-3-5-sonnet", "", ["Claude 3.5 Sonnet (20241022)", "Claude 3.5 Sonnet (20240620)", "Claude 3.5 Sonnet"]),
    ("llama-3-1-405b", "", ["Meta-Llama-3.1-405b-Instruct-bf16"]),
    ("mistral-large-2-24-07", "", ["Mistral-Large-2407"]),
    ("grok-2", "", ["Grok-2-08-13"]),
    ("o1-preview-o1-mini", "o1-preview", ["o1-preview"]),
    ("o1-preview-o1-mini", "o1-mini", ["o1-mini"]),
    ("qwen2-5-0-5b-72b", "Qwen2.5-72B", ["Qwen2.5-72b-Instruct"]),
    ("o1", "", ["o1-2024-12-17"]),
    ("gemini-2-0-flash", "", ["Gemini-2.0-Flash-001", "Gemini-2.0-Flash-Exp"]),
    ("deepseek-v3", "", ["DeepSeek-V3"]),
    ("deepseek-r1", "", ["DeepSeek-R1"]),
    ("qwen2-5-max", "", ["Qwen2.5-Max"]),
    ("o3-mini", "", ["o3-mini"]),
    ("grok-3", "", ["Grok-3-Preview-02-24", "chocolate (Early Grok-3)"]),
    ("gemini-2-5-pro-exp", "", ["Gemini-2.5-Pro-Exp-03-25"]),
]

# Fewer votes than this and the rating is still moving: marked medium, as are entries that stand for one API version
# of a model the catalog holds as one.
FEW_VOTES = 5000


def snapshot(clone, commit):
    text = subprocess.run(["git", "-C", clone, "show", f"{commit}:csv/lmsys.csv"], check=True, capture_output=True, text=True).stdout
    return {row["model"].lower(): row for row in csv.DictReader(io.StringIO(text))}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = csv.writer(sys.stdout, lineterminator="\n")
    for measured_on, commit, leaderboard in SNAPSHOTS:
        rows = snapshot(sys.argv[1], commit)
        for model_id, variant, names in ENTRIES:
            entry = next((rows[name.lower()] for name in names if name.lower() in rows), None)
            if entry is None:
                continue
            score = entry.get("arena_score") or entry["arena_elo"]
            votes = int(entry["votes"])
            versioned = len(names) > 1
            confidence = "medium" if votes < FEW_VOTES or versioned else "high"
            source = f"{REPOSITORY}/blob/{commit}/csv/lmsys.csv ; scrape of {leaderboard} on {measured_on}"
            note = f"leaderboard entry '{entry['model']}': {votes} votes, 95% CI {entry['95_pct_ci']}"
            out.writerow([model_id, variant, "lmarena-text", score, measured_on, source, confidence, note])


if __name__ == "__main__":
    main()

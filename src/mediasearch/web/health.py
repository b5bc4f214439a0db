"""Health and status: /healthz for a load balancer, /api/status and /status for curators."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

from flask import Blueprint, Response, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue

from mediasearch.errors import IndexMissingError
from mediasearch.index.store import index_command_for
from mediasearch.web.index_access import get_holder, index_is_stale

bp = Blueprint("health", __name__)

#: Where create_app records when this process's app was made (a worker's start).
STARTED_KEY = "mediasearch.started"


@dataclass(frozen=True)
class Status:
    """What this worker serves, and what a curator should do about it."""

    serving: bool
    generation: str | None
    built_at: str | None
    catalogue_hash: str | None
    entries: int | None
    stale: bool | None
    #: Why the newest generation is not served (a failed switch), or why none is.
    last_build_error: str | None
    worker_pid: int
    worker_uptime_seconds: float
    #: The command a curator runs next, when one is needed.
    command: str | None


def current_status() -> Status:
    """The status of this worker's index holder, without raising when there is no index."""
    holder = get_holder()
    uptime = round(time.monotonic() - current_app.extensions[STARTED_KEY], 1)
    command = index_command_for(current_app.config["INDEX_DIR"])
    try:
        generation = holder.generation()
    except IndexMissingError as error:
        return Status(False, None, None, None, None, None, str(error), os.getpid(), uptime, command)
    stale = index_is_stale()
    meta = generation.meta
    return Status(
        serving=True,
        generation=generation.name,
        built_at=meta.get("built_at"),
        catalogue_hash=generation.catalogue_digest or None,
        entries=meta.get("entry_count"),
        stale=stale,
        last_build_error=holder.last_error,
        worker_pid=os.getpid(),
        worker_uptime_seconds=uptime,
        command=command if stale or holder.last_error else None,
    )


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 while a generation is served, else 503: what a load balancer or supervisor asks."""
    try:
        name = get_holder().generation().name
    except IndexMissingError as error:
        return jsonify({"status": "unavailable", "reason": str(error)}), 503
    return jsonify({"status": "ok", "generation": name})


@bp.get("/api/status")
def status_json() -> Response:
    """This worker's index: generation, build time, catalogue hash, staleness, errors, uptime."""
    return jsonify(asdict(current_status()))


@bp.get("/status")
def status_page() -> str:
    """The same status as a page, with the commands a curator runs."""
    return render_template("status.html", page=current_status())

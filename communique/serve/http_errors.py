"""One error envelope for every route: ``{"error": {"status", "code", "message", "details"}}``,
or an HTML page saying the same on HTML routes.

A request the server cannot answer says what to change (400) or what is missing (404). An
unexpected failure says only that it happened (500): its text, which may hold SQL, paths or a
traceback, goes to the server's log, never into a response.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.errors import CommuniqueError, NotFound, RequestError

log = logging.getLogger("communique.serve")

INTERNAL = "the server could not answer this request (the failure is in the server's log)"


def envelope(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details}}


def wants_html(request: Request) -> bool:
    path = request.url.path
    data = path.endswith((".json", ".csv", ".jsonl")) or path.startswith("/openapi")
    return not (data or "application/json" in request.headers.get("accept", ""))


def error_response(request: Request, status: int, body: dict[str, Any]) -> Response:
    if wants_html(request):
        from communique.serve.pages import render_error

        return render_error(request, status, body["error"])
    return JSONResponse(body, status_code=status)


def _validation(exc: RequestValidationError) -> dict[str, Any]:
    errs = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()]  # fmt: skip
    said = "; ".join(f"{e['loc'][-1] if e['loc'] else 'request'}: {e['msg']}" for e in errs)
    return envelope(400, "invalid_request", f"invalid request parameters: {said}", errs)


def install_errors(app: FastAPI) -> None:
    @app.exception_handler(CommuniqueError)
    async def _communique(request: Request, exc: CommuniqueError) -> Response:
        if isinstance(exc, NotFound | RequestError):
            status = 404 if isinstance(exc, NotFound) else 400
            return error_response(request, status, envelope(status, exc.code, exc.message))
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(request, 500, envelope(500, exc.code, INTERNAL))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        code = "not_found" if status == 404 else f"http_{status}"
        message = str(exc.detail) if status < 500 else INTERNAL
        return error_response(request, status, envelope(status, code, message))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _validation(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(request, 500, envelope(500, "internal", INTERNAL))

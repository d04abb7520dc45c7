"""``/docs`` (Swagger UI) and ``/redoc`` served offline: their scripts and styles come from the
``fastapi-offline`` package (MIT; it bundles Swagger UI, Apache-2.0, and ReDoc, MIT), mounted
at ``/vendor/docs``, never from a CDN.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
PREFIX = "/vendor/docs"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def asset_url(request: Request, name: str) -> str:
    """A bundled asset's URL, versioned so that browsers may keep it for good."""
    version = metadata.version("fastapi-offline")
    return f"{request.scope.get('root_path', '')}{PREFIX}/{name}?v={version}"


def install_docs(app: FastAPI) -> None:
    """Mount the bundled assets and add ``/docs`` and ``/redoc`` pointing at them (the app
    must be made with ``docs_url=None, redoc_url=None``)."""
    app.mount(PREFIX, StaticFiles(directory=str(ASSETS)), name="vendor-docs")
    title = f"{app.title} API"

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=title,
            swagger_js_url=asset_url(request, "swagger-ui-bundle.js"),
            swagger_css_url=asset_url(request, "swagger-ui.css"),
            swagger_favicon_url=asset_url(request, "favicon.png"),
            oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT}",
            swagger_ui_parameters={"validatorUrl": None},  # no call to validator.swagger.io
        )

    @app.get(OAUTH2_REDIRECT, include_in_schema=False)
    def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=f"{request.scope.get('root_path', '')}{app.openapi_url}",
            title=title,
            redoc_js_url=asset_url(request, "redoc.standalone.js"),
            redoc_favicon_url=asset_url(request, "favicon.png"),
            with_google_fonts=False,
        )

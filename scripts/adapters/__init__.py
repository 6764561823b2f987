"""The MkDocs hooks of one language's build, one concern per module (mkdocs.yml `hooks`, run in that order).

- `language.py`   on_startup, on_config: every rule of the build profile, then what this language's build knows
- `page_macros.py` on_page_markdown: the page's building blocks (scripts/adapters/macros.py) written out, in a sandbox
- `templates.py`  on_env, on_page_context, on_template_context: what the templates show
- `page_html.py`  on_page_content, on_post_page, on_post_template: the HTML MkDocs and Material write
- `printed.py`    the printed leaflet (not laid out under `make serve`) and the QR codes of printed pages
- `post_build.py` on_post_build: what every built page goes through (scripts/postprocess/pages.py)
- `material_escaping.py` (used by templates.py, not a hook): the values Material prints unescaped, made HTML text

What one hook learns for the others (the language, its glossary and catalog…) is kept on MkDocs' own config
object of that build (`context.py`), not in module state: `make serve` makes a new config for each rebuild.
"""

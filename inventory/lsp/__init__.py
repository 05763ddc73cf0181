"""The editor server (``gpufleet lsp``): the engine's verdict in an editor, over the Language Server Protocol.

A door beside ``inventory/cli/``: it imports the engine (and pygls, lsprotocol), never Textual or
rich. ``session`` holds one inventory (root folder, unsaved buffers, one long-lived engine Loader,
the current Verdict); ``index`` locates every id and reference in the parsed documents; the
feature modules (``diagnostics``, ``navigation``, ``hover``, ``completion``, ``actions``) turn a
Verdict and an index into protocol answers; ``server`` wires them to pygls.
"""

from __future__ import annotations

from inventory.cli.main import main

raise SystemExit(main())

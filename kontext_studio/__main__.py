from kontext_studio.entry import main

raise SystemExit(main())

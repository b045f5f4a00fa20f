from readinglist.cli.main import main

raise SystemExit(main())

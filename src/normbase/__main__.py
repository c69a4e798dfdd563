from normbase.cli import main

main()

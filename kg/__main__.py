from kg.cli.main import cli

cli(prog_name="kg")

# The module that importer.py imports, and that "-m tfmod" runs.
print("RAN:tfmod")

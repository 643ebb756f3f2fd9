# importer.py DIR: a main script that imports the module tfmod from DIR.
import sys

print("RAN:importer")
sys.path.insert(0, sys.argv[1])
try:
    import tfmod
except ImportError as e:
    print(f"ImportError: {e}")
    sys.exit(3)
print("imported", tfmod.__file__)

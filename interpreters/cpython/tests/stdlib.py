# Imports real standard-library modules from the launcher's standard
# library (on the guest's root, an exec mount) and uses each of them.
import base64
import collections
import datetime
import json
import pathlib
import string
import textwrap

counts = collections.Counter("trusted_for")
data = json.loads(json.dumps({"policy": 3, "most_common": counts.most_common(1)}))
assert data["most_common"] == [["t", 2]], data
assert pathlib.PurePosixPath("/tmp/exec/stdlib.py").suffix == ".py"
assert textwrap.shorten("a b c d e f", width=7) == "a [...]"
assert base64.b64decode(base64.b64encode(b"tf")) == b"tf"
assert string.Template("$x").substitute(x=1) == "1"
assert datetime.date(2022, 1, 4).isoformat() == "2022-01-04"
for mod in (json, collections, pathlib, textwrap, base64, string, datetime):
    print(mod.__name__, "from", mod.__file__)
print("json accelerator:", json.decoder.scanstring.__module__)
print("RAN:stdlib")

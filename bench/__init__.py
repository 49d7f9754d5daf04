"""`make bench`: seed a corpus at two sizes, serve it as production would, measure each page kind.

`python -m bench` orchestrates (bench/__main__.py); `python -m bench.inprocess` runs inside
Django for query counts and render times (bench/inprocess.py).
"""

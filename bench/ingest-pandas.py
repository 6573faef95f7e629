# The pandas side of bench/ingest.ts: pandas.read_csv (C engine) on the same PDH-CSV file, with " " read as a
# missing value as PDH means it (otherwise the blank columns come out as text, not numbers). Prints
# {"seconds", "rows", "maxRssMb"} like the Node sides.
import json
import resource
import sys
import time

import pandas

started = time.perf_counter()
frame = pandas.read_csv(sys.argv[1], engine='c', na_values=[' '], keep_default_na=False)
seconds = time.perf_counter() - started
# ru_maxrss is in KiB on Linux. The header row is counted, as the Node sides count it.
print(json.dumps({'seconds': seconds, 'rows': len(frame) + 1, 'maxRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  'pandas': pandas.__version__}))

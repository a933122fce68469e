from tests.test_canary_sweep import *  # noqa
def test_dump(sweep):
    with open("/tmp/i13a_leaks.txt", "w") as f:
        for g in ("pages", "fragments", "probes"):
            for a, l in leaks(sweep[g], echo=(g=="probes")).items():
                print(g, a, sorted(l), file=f)
        print(sweep["curator"]["/api/documents/?status=draft&q=baitword"], file=f)
        print(sweep["curator"]["/api/documents/?q=baitword"][1]["count"] if sweep["curator"]["/api/documents/?q=baitword"][1] else None, file=f)

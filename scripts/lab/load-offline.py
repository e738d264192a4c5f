"""Bulk-loads LDIF add records into a stopped Samba DC through Samba's own module stack.

batch_mode plus a large transaction index cache is what samba-tool uses for big provisions:
about 250 objects/s, flat, where LDAP adds slow down as the directory grows.
Usage: /usr/bin/python3 load-offline.py SMB_CONF LDIF
"""
import sys
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

lp = LoadParm()
lp.load(sys.argv[1])
db = SamDB(url=lp.samdb_url(), lp=lp, session_info=system_session(),
           options=["batch_mode:1", "transaction_index_cache_size:202481"])
with open(sys.argv[2]) as f:
    records = db.parse_ldif(f.read())
count = 0
db.transaction_start()
try:
    for _, msg in records:
        db.add(msg)
        count += 1
        if count % 10000 == 0:
            db.transaction_commit()
            db.transaction_start()
    db.transaction_commit()
except Exception:
    db.transaction_cancel()
    raise
print(f"loaded {count} entries", file=sys.stderr)

#!/usr/bin/python3
"""Golden msgpack vectors: the original's sample messages (reference Appendix B) and edge values, packed
with msgpack.packb(obj, use_bin_type=False), as the original Mercury (msgpack-python 0.5.6) did.

Run with Debian's python3-msgpack (1.0.3): /usr/bin/python3 generate.py > vectors.json
With use_bin_type=False, 1.0.3 writes str exactly as 0.5.6 did: fixstr, then str16/str32, never str8
(str8 is only used when use_bin_type=True), so these bytes are what the original puts on the wire.
"""
import collections
import json
import sys

import msgpack

JOB = "2ff2363b-c693-472c-af70-7f1c11da20c0"
TASK = "8d6a2e1b-4f8e-4c36-9a0e-3f2b7c1d5e90"
MID = "0110a1628669e487f48b3f8de13bebeafe2933c875"
O = collections.OrderedDict

capability = O([("name", "echo"), ("entry", "echo"), ("description", "Echo something to the console"),
                ("doc", "Echo something to the console"), ("serial", False), ("num_args", 1), ("kwarg_names", None),
                ("no_return", False), ("timeout", 1800), ("task_id_kwargs", False)])

vectors = O([
    ("create_job_request", O([("endpoint", "create_job"), ("args", [O([("dmi.sys_vendor", "HP")]), O([("method", "echo"), ("args", ["Hello World!"])])])])),
    ("create_job_reply", O([("error", False), ("message", O([("job_id", JOB), ("targets", 3)]))])),
    ("inventory_query", O([("endpoint", "query"), ("args", [O([("dmi.sys_vendor", "HP"), ("active", O([("$ne", None)]))])]),
                           ("kwargs", O([("projection", O([("active", 1), ("origin", 1)])), ("limit", 0), ("sort_direction", 1)]))])),
    ("enqueue_task", O([("endpoint", "enqueue_task"), ("args", [O([
        ("method", "echo"), ("args", ["Hello World!"]), ("kwargs", O()), ("mercury_id", MID), ("job_id", JOB),
        ("host", "10.0.0.5"), ("port", 9003), ("backend", "tcp://be1:9007"), ("task_id", TASK), ("status", "NEW"),
        ("action", "New Task"), ("progress", 0), ("time_started", None), ("time_completed", None), ("time_updated", None),
        ("message", O()), ("ttl_time_completed", None), ("timeout", 0)])])])),
    ("enqueue_reply", O([("error", False), ("message", "Done")])),
    ("agent_rpc_request", O([("category", "rpc"), ("method", "echo"), ("args", ["Hello World!"]), ("kwargs", O()), ("task_id", TASK), ("job_id", JOB)])),
    ("agent_rpc_reply", O([("message", O([("status", 0), ("data", O([("time_started", None), ("message", "Hakuna matata")]))]))])),
    ("update_task", O([("endpoint", "update_task"), ("args", [O([("task_id", TASK), ("status", "STARTED"), ("time_started", 1498582914.776)])])])),
    ("complete_task", O([("endpoint", "complete_task"), ("args", [O([
        ("status", "SUCCESS"), ("message", "Hello World!"), ("traceback", None), ("job_id", JOB), ("task_id", TASK),
        ("time_started", 1498582914.776), ("time_completed", 1498582914.779), ("action", "Completed")])])])),
    ("accepted_reply", O([("error", False), ("message", "accepted")])),
    ("register", O([("endpoint", "register"), ("args", [
        O([("mercury_id", MID), ("dmi", O([("sys_vendor", "HP"), ("product_uuid", "37313930-3631-5443-3531-4E5239393532")]))]),
        O([("rpc_address", "10.127.29.196"), ("rpc_address6", None), ("rpc_port", 9003), ("ping_port", 9004),
           ("localtime", 1498412631.40), ("capabilities", O([("echo", capability)]))])])])),
    ("lldp_update", O([("endpoint", "update"), ("args", [MID, O([("lldp", O([("switch_name", "c10-5-1e.ord1"), ("port_number", 17), ("interface_index", 0)]))])])])),
    ("keep_alive", O([("_protocol_message", "keep_alive")])),
    ("error_reply", O([("error", True), ("message", "Endpoint is not supported"), ("traceback", ["Traceback (most recent call last):", "  File \"x.py\", line 1", "KeyError: 'x'"])])),
    ("ping", O([("message", "ping"), ("timestamp", 1498582914.5)])),
    ("pong", O([("timestamp", 1498582914.6), ("load", [0.5, 0.25, 0.1]), ("message", "pong")])),
    ("str_0", ""), ("str_31", "a" * 31), ("str_32", "b" * 32), ("str_255", "c" * 255), ("str_256", "d" * 256),
    ("str_65535", "e" * 65535), ("str_65536", "f" * 65536), ("str_utf8", "Zürich — 東京 — ok"),
    ("int_0", 0), ("int_127", 127), ("int_128", 128), ("int_255", 255), ("int_256", 256), ("int_65535", 65535),
    ("int_65536", 65536), ("int_4294967295", 4294967295), ("int_4294967296", 4294967296),
    ("int_max64", 9223372036854775807), ("uint64_max", 18446744073709551615),
    ("int_m1", -1), ("int_m32", -32), ("int_m33", -33), ("int_m128", -128), ("int_m129", -129), ("int_m32768", -32768),
    ("int_m32769", -32769), ("int_m2147483648", -2147483648), ("int_m2147483649", -2147483649), ("int_min64", -9223372036854775808),
    ("float_0", 0.0), ("float_neg", -1.5), ("float_time", 1498582914.776), ("float_big", 1.7976931348623157e308),
    ("nil", None), ("true", True), ("false", False), ("empty_map", O()), ("empty_list", []),
    ("nested", O([("a", [1, [2, [3, O([("b", None)])]]]), ("c", O([("d", O([("e", "deep")]))]))])),
    ("map_16", O([("k%02d" % i, i) for i in range(16)])),
    ("list_16", list(range(16))),
])

out = O()
for name, value in vectors.items():
    out[name] = O([("value", value), ("hex", msgpack.packb(value, use_bin_type=False).hex())])
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")

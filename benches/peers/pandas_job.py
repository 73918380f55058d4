"""The job an analyst would script with pandas over a diagram_11 response.

    python3 pandas_job.py RESPONSE.json OUT.csv [--long-ivr SECONDS]

Reads the response, types the durations (H:MM:SS to seconds) and end_date_rp
(date-time), de-duplicates by (conn_id, rp_id, end_date_rp) keeping the last copy,
writes a CSV that Excel opens right (UTF-8 with BOM, `;`, ids kept as text) and prints
the key numbers as one JSON object on stdout.
"""

import argparse
import json
import math

import pandas as pd

FIELDS = [
    "conn_id", "time_on_rp", "end_date_rp", "rp_id", "ani", "customer_id",
    "time_on_skill", "skill_id", "skill_result", "go_to_agent", "agent_id",
    "agent_name", "time_with_agent", "cod_act", "cod_act_2", "type_interaction",
    "total_time",
]
DURATIONS = ["time_on_rp", "time_on_skill", "time_with_agent", "total_time"]
IDS = ["conn_id", "ani", "customer_id"]
YES = {"yes", "si", "sí", "1", "true"}
NO = {"no", "0", "false"}


def nearest_rank(sorted_values, percent):
    n = len(sorted_values)
    if n == 0:
        return None
    rank = min(max(math.ceil(percent * n / 100), 1), n)
    return int(sorted_values[rank - 1])


def none_if_nan(x):
    return None if pd.isna(x) else float(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--long-ivr", type=int, default=120)
    args = ap.parse_args()

    with open(args.input, encoding="utf-8") as f:
        body = json.load(f)
    df = pd.DataFrame(body["data"], columns=FIELDS)
    del body

    # Types: durations to seconds ("-" and other placeholders become missing).
    secs = {c: pd.to_timedelta(df[c], errors="coerce").dt.total_seconds() for c in DURATIONS}
    for c in DURATIONS:
        df[c + "_s"] = secs[c]
    df["end_date_rp"] = pd.to_datetime(df["end_date_rp"], format="%Y-%m-%d %H:%M:%S", errors="coerce")

    df = df.drop_duplicates(subset=["conn_id", "rp_id", "end_date_rp"], keep="last")

    if args.out.endswith(".xlsx"):
        # The workbook: typed cells (dates, durations as days), ids as text.
        book = df[FIELDS].copy()
        for c in DURATIONS:
            book[c] = df[c + "_s"] / 86400.0
        book.to_excel(args.out, index=False, engine="xlsxwriter")
        print(json.dumps({"calls": len(df)}))
        return

    # The CSV for Excel: ids as ="..." so Excel keeps "+", leading zeros and long digits.
    out = df[FIELDS].copy()
    for c in IDS:
        out[c] = '="' + out[c] + '"'
    out.to_csv(
        args.out,
        sep=";",
        index=False,
        encoding="utf-8-sig",
        date_format="%Y-%m-%d %H:%M:%S",
        lineterminator="\r\n",
    )

    # Key numbers.
    flag = df["go_to_agent"].str.strip().str.lower()
    transferred = flag.isin(YES)
    retained = flag.isin(NO)
    n_transferred = int(transferred.sum())
    n_retained = int(retained.sum())
    known = n_transferred + n_retained
    ivr = df["time_on_rp_s"].dropna().sort_values().to_numpy()
    long_calls = int((ivr > args.long_ivr).sum())
    print(json.dumps({
        "calls": len(df),
        "transferred": n_transferred,
        "retained": n_retained,
        "unknown_transfer": len(df) - known,
        "retention_rate": n_retained / known if known else None,
        "ivr_time": {"median": nearest_rank(ivr, 50), "p90": nearest_rank(ivr, 90)},
        "long_ivr": {
            "threshold": args.long_ivr,
            "calls": long_calls,
            "share": long_calls / len(ivr) if len(ivr) else None,
        },
        "agent_time_mean": none_if_nan(df.loc[transferred, "time_with_agent_s"].mean()),
        "queue_time_mean": none_if_nan(df["time_on_skill_s"].mean()),
    }))


if __name__ == "__main__":
    main()

"""The job an analyst would script with polars over a diagram_11 response.

    python3 polars_job.py RESPONSE.json OUT.csv [--long-ivr SECONDS]

Reads the response, types the durations (H:MM:SS to seconds) and end_date_rp
(date-time), de-duplicates by (conn_id, rp_id, end_date_rp) keeping the last copy,
writes a CSV that Excel opens right (UTF-8 with BOM, `;`, ids kept as text) and prints
the key numbers as one JSON object on stdout.
"""

import argparse
import json
import math

import polars as pl

FIELDS = [
    "conn_id", "time_on_rp", "end_date_rp", "rp_id", "ani", "customer_id",
    "time_on_skill", "skill_id", "skill_result", "go_to_agent", "agent_id",
    "agent_name", "time_with_agent", "cod_act", "cod_act_2", "type_interaction",
    "total_time",
]
DURATIONS = ["time_on_rp", "time_on_skill", "time_with_agent", "total_time"]
IDS = ["conn_id", "ani", "customer_id"]
YES = ["yes", "si", "sí", "1", "true"]
NO = ["no", "0", "false"]


def seconds(col):
    """H:MM:SS (hours past 24 allowed) as whole seconds; anything else is null."""
    parts = pl.col(col).str.split_exact(":", 2)
    field = lambda i: parts.struct.field(f"field_{i}").cast(pl.Int64, strict=False)
    return (field(0) * 3600 + field(1) * 60 + field(2)).alias(col + "_s")


def nearest_rank(sorted_values, percent):
    n = len(sorted_values)
    if n == 0:
        return None
    rank = min(max(math.ceil(percent * n / 100), 1), n)
    return int(sorted_values[rank - 1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--long-ivr", type=int, default=120)
    args = ap.parse_args()

    # The response is one object; its rows are the list under "data".
    schema = {"data": pl.List(pl.Struct({f: pl.String for f in FIELDS}))}
    df = pl.read_json(args.input, schema=schema).explode("data").unnest("data")

    df = df.with_columns(
        *(seconds(c) for c in DURATIONS),
        pl.col("end_date_rp").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False),
    ).unique(subset=["conn_id", "rp_id", "end_date_rp"], keep="last", maintain_order=True)

    if args.out.endswith(".xlsx"):
        # The workbook: typed cells (dates, durations as days), ids as text.
        df.select(
            (pl.col(c + "_s") / 86400.0).alias(c) if c in DURATIONS else pl.col(c) for c in FIELDS
        ).write_excel(args.out)
        print(json.dumps({"calls": df.height}))
        return

    # The CSV for Excel: ids as ="..." so Excel keeps "+", leading zeros and long digits.
    df.select(
        pl.concat_str(pl.lit('="'), pl.col(c), pl.lit('"')).alias(c) if c in IDS else pl.col(c)
        for c in FIELDS
    ).write_csv(
        args.out,
        separator=";",
        include_bom=True,
        line_terminator="\r\n",
        datetime_format="%Y-%m-%d %H:%M:%S",
    )

    # Key numbers.
    flag = pl.col("go_to_agent").str.strip_chars().str.to_lowercase()
    transferred = flag.is_in(YES)
    k = df.select(
        calls=pl.len(),
        transferred=transferred.sum(),
        retained=flag.is_in(NO).sum(),
        agent_time_mean=pl.col("time_with_agent_s").filter(transferred).mean(),
        queue_time_mean=pl.col("time_on_skill_s").mean(),
        long_ivr=(pl.col("time_on_rp_s") > args.long_ivr).sum(),
    ).row(0, named=True)
    ivr = df.get_column("time_on_rp_s").drop_nulls().sort()
    known = k["transferred"] + k["retained"]
    print(json.dumps({
        "calls": k["calls"],
        "transferred": k["transferred"],
        "retained": k["retained"],
        "unknown_transfer": k["calls"] - known,
        "retention_rate": k["retained"] / known if known else None,
        "ivr_time": {"median": nearest_rank(ivr, 50), "p90": nearest_rank(ivr, 90)},
        "long_ivr": {
            "threshold": args.long_ivr,
            "calls": k["long_ivr"],
            "share": k["long_ivr"] / len(ivr) if len(ivr) else None,
        },
        "agent_time_mean": k["agent_time_mean"],
        "queue_time_mean": k["queue_time_mean"],
    }))


if __name__ == "__main__":
    main()

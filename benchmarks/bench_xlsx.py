"""Benchmark: Excel workbooks, written with openpyxl, read with python-calamine or openpyxl.

Generates an ecosystem (``--nodes``, about three relationships per node: 35,000 nodes give a
workbook of about 141k rows), writes it with :func:`~ecosystem.formats.xlsx_write.write_xlsx`,
then reads it back three ways, each the median of ``--repeat`` runs:

* the cells alone: python-calamine's ``to_python`` against openpyxl's read-only mode
  (``iter_rows(values_only=True)``), every sheet;
* the whole read (cells, formula/format scan, conversion, the model's checks): the same
  :class:`~ecosystem.formats.xlsx_read._Reader` fed by either library;
* the same ecosystem as a CSV folder, for reference.

Run: ``python benchmarks/bench_xlsx.py [--nodes 35000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ecosystem.formats.csv_folder import read_csv_folder, write_csv_folder  # noqa: E402
from ecosystem.formats.generate import generate_nodes  # noqa: E402
from ecosystem.formats.xlsx_package import Package, Workbook, open_workbook  # noqa: E402
from ecosystem.formats.xlsx_read import _Reader  # noqa: E402
from ecosystem.formats.xlsx_write import write_xlsx  # noqa: E402


def median_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def openpyxl_workbook(path: Path) -> Workbook:
    """The workbook as the reader sees it, its cells from openpyxl's read-only mode."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    package = Package(path, str(path))

    def rows(name: str) -> list[list[Any]]:
        return [list(row) for row in book[name].iter_rows(values_only=True)]

    return Workbook(str(path), list(book.sheetnames), rows, lambda name: [], package.scan)


def cells_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names)


def cells_openpyxl(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    count = sum(sum(1 for _ in book[name].iter_rows(values_only=True)) for name in book.sheetnames)
    book.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=35000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    eco = generate_nodes(args.nodes, seed=1)
    relationships = eco.graph.number_of_edges()
    print(f"{len(eco):,} nodes, {relationships:,} relationships: {len(eco) + relationships + 3:,} rows "
          f"(medians of {args.repeat})")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.xlsx"
        write, _ = median_time(lambda: write_xlsx(eco, path), args.repeat)
        print(f"write (openpyxl, write-only):      {write:7.2f} s   {path.stat().st_size / 2**20:.1f} MiB")
        calamine, rows = median_time(lambda: cells_calamine(path), args.repeat)
        openpyxl_cells, rows_o = median_time(lambda: cells_openpyxl(path), args.repeat)
        assert rows == rows_o, (rows, rows_o)
        print(f"cells, python-calamine:            {calamine:7.2f} s")
        print(f"cells, openpyxl read-only:         {openpyxl_cells:7.2f} s   ({openpyxl_cells / calamine:.1f}x calamine)")
        full, back = median_time(lambda: _Reader(open_workbook(path), None).read(), args.repeat)
        assert back == eco
        full_o, back_o = median_time(lambda: _Reader(openpyxl_workbook(path), None).read(), args.repeat)
        assert back_o == eco
        print(f"read_xlsx, python-calamine:        {full:7.2f} s")
        print(f"read_xlsx, openpyxl read-only:     {full_o:7.2f} s   ({full_o / full:.1f}x calamine)")
        csv = Path(folder) / "big_csv"
        write_csv_folder(eco, csv)
        csv_read, back_c = median_time(lambda: read_csv_folder(csv), args.repeat)
        assert back_c == eco
        print(f"read_csv_folder, for reference:    {csv_read:7.2f} s")


if __name__ == "__main__":
    main()

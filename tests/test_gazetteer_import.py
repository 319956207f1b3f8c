"""Tests of ``gazetteer import``, ``gazetteer stats`` and ``geocode`` explanations.

Every input file is written here, with invented place names that no built-in source
has, so only an import can answer the look-ups. Imports go to a temporary data folder
(OBSERVATORY_DATA_DIR) that links the session's built index; the shared gazetteer of
the other tests is put back afterwards, untouched.
"""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from pathlib import Path

import pytest

from observatory.errors import InputError
from observatory.places import gazetteer as G
from observatory.places.explain import geocode, precision_of
from observatory.places.importer import ImportReport, coded_feature, import_file, ucdp_names
from observatory.places.readers import detect_format
from observatory.places.stats import index_stats
from observatory.places.store import IMPORT_ID_BASE, IMPORTS_NAME, open_store


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A temporary data folder holding a link to the session's index; the shared
    gazetteer is set aside (not closed) and restored afterwards."""
    index = G.get_gazetteer().path          # builds the shared index once per session
    saved = G._INSTANCE
    G._INSTANCE = None
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / index.name).symlink_to(index)
    monkeypatch.setenv("OBSERVATORY_DATA_DIR", str(folder))
    try:
        yield folder
    finally:
        with G._LOCK:
            if G._INSTANCE is not None and G._INSTANCE is not saved:
                G._INSTANCE.close()
            G._INSTANCE = saved


# ---------------------------------------------------------------------------- test files
def _geonames_row(gid: str, name: str, alts: str, lat: float, lon: float, fclass: str, fcode: str,
                  cc: str = "SY", a1: str = "09", a2: str = "", pop: int = 0) -> str:
    cols = [gid, name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", a1, a2, "", "", str(pop),
            "", "300", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cols) + "\n"


def write_geonames(folder: Path, builtin_id: str) -> Path:
    """A per-country dump with its admin1/admin2 code tables and alternate names."""
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / "SY.txt"
    dump.write_text(
        _geonames_row("99000001", "Qaryat Zubaydat al-Ghazal", "Zubaidat al Ghazal,Zubaydat Ghazal,ZBG",
                      36.31, 37.41, "P", "PPL", a2="77")
        + _geonames_row("99000002", "Mahbat Wadi Nisnasiyah", "Nisnasiyah airstrip", 36.05, 37.62, "S", "AIRF")
        + _geonames_row("99000003", "Jabal Qurnat Tahlab", "", 36.12, 37.02, "T", "MT")
        + _geonames_row("99000004", "Shallal Kabir Zubaydi", "", 36.2, 37.3, "H", "FLLS")          # waterfall: no
        + _geonames_row("99000005", "Qasr Tahlabiyah Historic", "", 36.2, 37.3, "P", "PPLH")     # historical: no
        + _geonames_row(builtin_id, "Aleppo", "", 36.2, 37.16, "P", "PPLA", pop=1_000_000)       # built in
        + _geonames_row("99000006", "Zubaydat Nahiyah", "", 36.3, 37.4, "A", "ADM2", a2="77")
        + "bad line without enough columns\n",
        encoding="utf-8")
    (folder / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\nSY.10\tIdlib\tIdlib\t169387\n",
                                                  encoding="utf-8")
    (folder / "admin2Codes.txt").write_text("SY.09.77\tZubaydat Nahiyah\tZubaydat Nahiyah\t99000006\n",
                                            encoding="utf-8")
    (folder / "alternateNamesV2.txt").write_text(
        "1\t99000001\ten\tZobeidat el Ghazal\t\t\t\t\t\t\n"
        "2\t99000001\tlink\thttps://example.org/zbg\t\t\t\t\t\t\n"
        "3\t170063\ten\tHalab al-Shahba\t\t\t\t\t\t\n", encoding="utf-8")
    (folder / "readme.txt").write_text("not data\n", encoding="utf-8")
    return dump


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_acled(path: Path, *, old_schema: bool = False) -> Path:
    header = ["event_id_cnty", "country", "iso3", "admin1", "admin2", "location", "latitude", "longitude",
              "geo_precision", "notes"]
    rows = [
        ["SYR1", "Syria", "SYR", "Idleb", "Ariha", "Khirbet Umm Zaytunah", "35.7712", "36.5521", "1", "shelling"],
        ["SYR2", "Syria", "SYR", "Idleb", "Ariha", "Khirbet Umm Zaytunah", "35.7712", "36.5521", "2", "clashes"],
        ["SYR3", "Syria", "SYR", "Idleb", "Ariha", "Khirbet Umm Zaytunah", "35.7715", "36.5519", "1", "a drone"],
        ["SYR4", "Syria", "SYR", "Idleb", "", "Wadi Zaytunah Front", "35.70", "36.60", "3", "region only"],
        ["SYR5", "Syria", "SYR", "Aleppo", "Jebel Saman", "Aleppo", "36.2021", "37.1343", "1", "built in"],
        ["SYR6", "Syria", "SYR", "Idleb", "", "Tall Nowhere", "", "36.6", "1", "no latitude"],
        ["NAR1", "Narnia", "NAR", "Cair", "", "Cair Paravel", "10.0", "10.0", "1", "no such country"],
        ["SOM1", "Somalia", "SOM", "Lower Shabelle", "Afgooye", "Mogadishu-Ceel Qurxoon", "2.0611", "45.2011", "1",
         "district"],
    ]
    if old_schema:
        header = [h.upper() for h in header]
    return write_csv(path, header, rows)


def write_ucdp(path: Path) -> Path:
    header = ["id", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "country"]
    rows = [
        [1, 1, "Tall Zaytunah al-Gharbiyah village", "Idlib Governorate", "Ariha district", 35.801, 36.511, "Syria"],
        [2, 2, "Tall Zaytunah al-Gharbiyah village", "Idlib Governorate", "Ariha district", 35.801, 36.511, "Syria"],
        [3, 1, "Umm Tahlab/Tahlabiyah Kubra town", "Hamah Governorate", "Mintaqat Hama district", 35.21, 36.91,
         "Syria"],
        [4, 4, "Idlib Governorate", "Idlib Governorate", "", 35.8, 36.6, "Syria"],
    ]
    return write_csv(path, header, rows)


def builtin_geonameid() -> str:
    con = sqlite3.connect(f"file:{G.get_gazetteer().path}?mode=ro", uri=True)
    try:
        (gid,) = con.execute("SELECT ext_id FROM places WHERE source = 'geonames-cities500' LIMIT 1").fetchone()
    finally:
        con.close()
    return gid


# ---------------------------------------------------------------------------- detection
def test_detect_format(tmp_path: Path) -> None:
    dump = write_geonames(tmp_path / "gn", "1")
    assert detect_format(dump) == "geonames"
    assert detect_format(write_acled(tmp_path / "a.csv")) == "acled"
    assert detect_format(write_acled(tmp_path / "b.csv", old_schema=True)) == "acled"
    assert detect_format(write_ucdp(tmp_path / "u.csv")) == "ucdp"
    assert detect_format(tmp_path / "gn" / "readme.txt") is None
    assert ucdp_names("Umm Ashba/Barqah village") == ["Umm Ashba", "Barqah"]
    assert ucdp_names("Aleppo town") == ["Aleppo"]
    assert coded_feature("Kuweiris airport", None, 1) == "facility"
    assert coded_feature("Nameless Hills", None, 2) == "region"
    assert coded_feature("Maywand", "Maywand", 2) == "admin2"


def test_import_errors(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        import_file(tmp_path / "missing.csv")
    with pytest.raises(InputError):
        import_file(write_acled(tmp_path / "a.csv"), fmt="shapefile")
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputError):
        import_file(tmp_path / "notes.txt")


# ---------------------------------------------------------------------------- GeoNames
def test_import_geonames(data_dir: Path, tmp_path: Path) -> None:
    assert G.get_gazetteer().lookup("Zubaidat al Ghazal", country="SY") == []     # nothing before
    dump = write_geonames(tmp_path / "gn", builtin_geonameid())
    seen: list[tuple[int, int]] = []
    report = import_file(dump, progress=lambda done, total: seen.append((done, total)))
    assert isinstance(report, ImportReport) and report.fmt == "geonames"
    assert report.places_added == 4            # village, airstrip, mountain, admin2
    assert report.reasons["in the built-in index"] == 1
    assert report.reasons["historical place"] == 1
    assert report.reasons["feature class H"] == 1
    assert report.reasons["name of a built-in place"] == 1
    assert report.reasons["code or link, not a name"] == 1
    assert report.skipped == sum(report.reasons.values())
    assert seen and seen[-1][0] == seen[-1][1]
    assert Path(report.store) == data_dir / IMPORTS_NAME

    gaz = G.get_gazetteer()
    for name in ("Qaryat Zubaydat al-Ghazal", "Zubaidat al Ghazal", "Zobeidat el Ghazal", "Zubaydat al-Ghazal"):
        c = gaz.lookup(name, country="SY")[0]
        assert c.place.name == "Qaryat Zubaydat al-Ghazal", name
        assert c.place.source == "geonames-import:SY.txt" and c.place.place_id > IMPORT_ID_BASE
        assert c.place.admin1 == "Aleppo" and c.place.admin2 == "Zubaydat Nahiyah"
        assert c.place.feature == "village"
    assert gaz.lookup("Nisnasiyah airstrip", country="SY")[0].place.feature == "facility"
    assert gaz.lookup("Jabal Qurnat Tahlab", country="SY")[0].place.feature == "region"
    assert gaz.is_candidate("Zubaidat al Ghazal")
    near = gaz.nearest(36.311, 37.411, iso2="SY")
    assert near is not None and near.name == "Qaryat Zubaydat al-Ghazal"

    again = import_file(dump)                     # idempotent
    assert again.places_added == 0 and again.names_added == 0

    zipped = tmp_path / "zip" / "SY.zip"          # the same dump, zipped: nothing new either
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(dump, "SY.txt")
        zf.writestr("readme.txt", "GeoNames readme")
    assert import_file(zipped, fmt="geonames").places_added == 0


# ---------------------------------------------------------------------------- ACLED, UCDP
def test_import_acled(data_dir: Path, tmp_path: Path) -> None:
    path = write_acled(tmp_path / "acled_export.csv")
    report = import_file(path)
    assert report.fmt == "acled" and report.rows == 8
    assert report.reasons == {"geo_precision 3": 1, "bad coordinates": 1, "unknown country": 1}
    assert report.places_added == 2               # Khirbet Umm Zaytunah (3 rows, one place), the Mogadishu district
    assert report.confirmed == 1                  # "Aleppo" is built in: confirmed, not added
    gaz = G.get_gazetteer()
    c = gaz.lookup("Khirbet Umm Zaytuna", country="SY")[0]
    assert c.place.source == "acled-import:acled_export.csv"
    assert (c.place.latitude, c.place.longitude) == (35.7712, 36.5521)   # the position used most
    assert c.place.admin1 == "Idleb" and c.place.admin2 == "Ariha"
    assert gaz.lookup("Khirbat Um Zaitouna", country="Syria")[0].place.place_id == c.place.place_id
    assert gaz.lookup("Wadi Zaytunah Front", country="SY") == []          # precision 3 was skipped
    aleppo = gaz.lookup("Aleppo", country="SY")[0].place
    assert aleppo.source == "geonames-cities500" and gaz.coded_weight(aleppo) == 1.0

    again = import_file(path)
    assert (again.places_added, again.names_added) == (0, 0)
    old = import_file(write_acled(tmp_path / "old_schema.csv", old_schema=True), fmt="acled")
    assert old.places_added == 0 and old.rows == 8        # same places, upper-case columns


def test_import_ucdp_folder(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ucdp"
    folder.mkdir()
    write_ucdp(folder / "ged.csv")
    (folder / "SOURCES.md").write_text("# where this came from\n", encoding="utf-8")
    report = import_file(folder)
    assert report.fmt == "ucdp" and report.rows == 4 and report.reasons == {"where_prec 4": 1}
    assert report.places_added == 2
    gaz = G.get_gazetteer()
    c = gaz.lookup("Tall Zaytunah al-Gharbiyah", country="SY")[0]
    assert c.place.source == "ucdp-import:ged.csv" and c.place.admin1 == "Idleb" and c.place.admin2 == "Ariha"
    both = {gaz.lookup(n, country="SY")[0].place.place_id for n in ("Umm Tahlab", "Tahlabiyah Kubra")}
    assert len(both) == 1                         # "A/B" are two names of one place
    assert gaz.lookup("Umm Tahlab", country="SY")[0].place.admin1 == "Hama"


def test_imports_survive_index_rebuild_and_new_normaliser(data_dir: Path, tmp_path: Path) -> None:
    index = G.get_gazetteer().path
    before = index.resolve().stat().st_mtime_ns
    import_file(write_ucdp(tmp_path / "ged.csv"))
    assert index.resolve().stat().st_mtime_ns == before        # the built-in index is not written to
    store = data_dir / IMPORTS_NAME
    con = open_store(store)                                      # simulate keys from an older normaliser
    con.execute("UPDATE names SET norm = 'stale-' || norm")
    con.execute("UPDATE meta SET value = 'old' WHERE key = 'norm_version'")
    con.commit()
    con.close()
    G.reset_gazetteer()
    c = G.get_gazetteer().lookup("Tall Zaytunah al-Gharbiyah", country="SY")
    assert c and c[0].place.source == "ucdp-import:ged.csv"


def test_stats(data_dir: Path, tmp_path: Path) -> None:
    import_file(write_acled(tmp_path / "acled_export.csv"))
    stats = index_stats()
    assert stats["places"] > 200_000 and stats["index_bytes"] > 0 and stats["built_at"]
    assert stats["imported_places"] == 2 and stats["confirmed"] == 1
    assert stats["by_source"]["acled-import:acled_export.csv"] == {"places": 2, "names": 2}
    assert stats["by_source"]["geonames-cities500"]["places"] > 100_000
    syria = stats["by_country"]["Syria"]
    assert syria["iso2"] == "SY" and syria["imported"] == 1 and syria["places"] > 300
    assert [i["file"] for i in stats["imports"]] == ["acled_export.csv"]
    assert stats["imports"][0]["reasons"]["geo_precision 3"] == 1


# ---------------------------------------------------------------------------- geocode
def test_geocode_exact_and_relative() -> None:
    r = geocode("Tell Rif'at", country="SY", context="clashes in the northern countryside of Aleppo")
    assert r.chosen is not None and r.chosen.place.name == "Tall Rif‘at" and r.geo_precision == 1
    assert r.rule == "normalised" and any("admin1 hint: Aleppo" in line for line in r.explanation)
    r = geocode("10 km east of Aleppo", country="SY")
    assert r.rule == "relative" and r.geo_precision == 2 and r.chosen is not None
    assert r.chosen.place.feature == "city" and r.chosen.place.admin1 == "Aleppo"


def test_geocode_context_country_and_admin_hint() -> None:
    r = geocode("Tripoli", context="Lebanese army units deployed in Tripoli after clashes, a Lebanese source said.")
    assert r.country == "LB" and r.chosen is not None and r.chosen.place.iso2 == "LB"
    assert any("names most" in line for line in r.explanation)
    # An invented village: ACLED's admin hint gives the town (precision 2).
    r = geocode("Qaryat Xyzzyq", country="SO", context="Gunmen killed two farmers in Qaryat Xyzzyq (Afgooye, "
                                                          "Lower Shabelle) on Monday.")
    assert r.rule == "fallback:town" and r.geo_precision == 2
    assert r.chosen is not None and r.chosen.place.name == "Afgooye"
    # Only an admin1 in the text: precision 3 at the admin1.
    r = geocode("Xyzzyq", country="SY", context="Shelling hit Xyzzyq in the southern Idlib countryside.")
    assert r.rule == "fallback:admin1" and r.geo_precision == 3
    assert r.chosen is not None and r.chosen.place.name == "Idleb"


def test_geocode_regions_and_misses() -> None:
    r = geocode("southern Idlib", country="SY")
    assert r.rule == "region" and r.geo_precision == 3
    assert r.chosen is not None and r.chosen.place.feature == "admin1"
    r = geocode("Nameless Hills (Agdam Region)", country="Azerbaijan")
    assert r.chosen is not None and r.chosen.place.admin1 == "Agdam" and r.geo_precision == 3
    r = geocode("Xyzzyq Qwrtz", country="UA")
    assert r.chosen is None and r.rule == "not found" and r.geo_precision is None
    assert r.explanation[-1] == "nothing chosen"
    r = geocode("Kabul - Police District 5", country="AF")
    assert r.rule == "part" and r.chosen.place.name == "Kabul"  # type: ignore[union-attr]


def test_precision_of() -> None:
    gaz = G.get_gazetteer()
    assert precision_of(gaz.lookup("Aleppo", country="SY")[0].place) == 1
    assert precision_of(gaz.admin1("SY", "Idlib")) == 3  # type: ignore[arg-type]
    assert precision_of(gaz.country_by_iso2("SY")) is None  # type: ignore[arg-type]
    assert precision_of(gaz.lookup("Aleppo", country="SY")[0].place, relative=True) == 2

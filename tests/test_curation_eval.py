"""benchmarks/curation_eval.py keeps blind sets blind: their misses are never listed."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("curation_eval", ROOT / "benchmarks" / "curation_eval.py")
curation_eval = importlib.util.module_from_spec(spec)
spec.loader.exec_module(curation_eval)


def _folder(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "datapackage.json").write_text("{}")
    return folder


def test_details_list_development_misses_and_never_a_blind_sets_and_blind_sets_only_when_named(tmp_path, monkeypatch):
    dev_root, blind_root = tmp_path / "evaluation", tmp_path / "blind"
    dev, blind = _folder(dev_root, "event-a"), _folder(blind_root, "event-b")
    monkeypatch.setattr(curation_eval, "EVALUATION", dev_root)
    monkeypatch.setattr(curation_eval, "BLIND", blind_root)
    asked = {}
    monkeypatch.setattr(curation_eval, "_measure",
                        lambda folders, details: asked.update({f.name: details for f in folders}) or {})
    assert curation_eval.main(["--evaluation", "--details"]) == 0
    assert asked == {"event-a": True}  # a blind set is measured only when named: measuring spends it
    asked.clear()
    assert curation_eval.main(["--evaluation", str(dev), str(blind), "--details"]) == 0
    assert asked == {"event-a": True, "event-b": False}
    asked.clear()
    assert curation_eval.main(["--evaluation", str(blind), "--details"]) == 0
    assert asked == {"event-b": False}


def test_no_evaluation_folder_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(curation_eval, "EVALUATION", tmp_path / "none")
    monkeypatch.setattr(curation_eval, "BLIND", tmp_path / "none either")
    assert curation_eval.main(["--evaluation"]) == 1
    assert "no evaluation folder" in capsys.readouterr().err

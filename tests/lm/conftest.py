import pytest

from core.lm.sft import DrawerTrainConfig, train_drawer


@pytest.fixture(scope="session")
def smoke_drawer_dir(tmp_path_factory):
    """A tiny drawer trained for a few seconds (structure and plumbing, not quality)."""
    out = tmp_path_factory.mktemp("drawer")
    train_drawer(DrawerTrainConfig.smoke(str(out)))
    return out

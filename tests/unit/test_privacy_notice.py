"""The privacy notice: each deployment's settings from the environment, demonstration defaults
otherwise, and every part UK GDPR asks for (who, contact, purpose, lawful basis, retention,
rights)."""

from engagement.accessibility import Organisation
from engagement.services.privacy_notice import SETTINGS, PrivacySettings, notice


def _text(settings: PrivacySettings) -> str:
    title, sections = notice(settings)
    return "\n".join([title, *(s.heading for s in sections),
                      *(p for s in sections for p in (*s.paragraphs, *s.items))])


def test_defaults_cover_every_part_of_the_notice():
    defaults = PrivacySettings.from_environment({})
    title, sections = notice(defaults)
    assert [s.heading for s in sections] == [
        "Who we are", "How to contact us", "What we collect", "Why we use it",
        "Our lawful basis", "How long we keep it", "Your rights"]
    text = _text(defaults)
    assert Organisation.from_environment({}).organisation in text
    for name, (_, default) in SETTINGS.items():
        assert default in text, name
    for right in ("see everything", "change your answers", "withdraw", "object to",
                  "Information Commissioner's Office"):
        assert right in text


def test_each_setting_comes_from_its_variable_and_blank_means_the_default():
    environ = {name: f"Set for {name}" for name in SETTINGS}
    environ["ENGAGEMENT_ORGANISATION"] = "Genomics Wales"
    text = _text(PrivacySettings.from_environment(environ))
    assert "Genomics Wales runs this dialogue" in text
    for name, (_, default) in SETTINGS.items():
        assert f"Set for {name}" in text and default not in text, name

    blank = PrivacySettings.from_environment({name: "  " for name in SETTINGS})
    assert blank == PrivacySettings.from_environment({})


def test_the_organisation_is_the_accessibility_statements_setting_not_a_second_one():
    assert "ENGAGEMENT_ORGANISATION" not in SETTINGS
    settings = PrivacySettings.from_environment({"ENGAGEMENT_ORGANISATION": "NHS Example"})
    assert settings.organisation == "NHS Example"

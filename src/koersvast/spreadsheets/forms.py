"""Forms of the Excel import: the upload and the column mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core import uploads
from koersvast.core.formfields import model_choice_field

from .fields import FIELDS, ImportField

if TYPE_CHECKING:
    from koersvast.portfolio.models import Domain

NOT_IMPORTED = ""


class UploadForm(forms.Form):
    """Step 1: the workbook (.xlsx only; the content is checked by reading.check_file)."""

    file = forms.FileField(
        label=_("Excel-bestand (.xlsx)"),
        help_text=_("Hoogstens 5 MB. Gebruik het sjabloon of uw eigen portfoliolijst."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Kies een Excel-werkmap met de extensie .xlsx."))
        uploads.validate_xlsx(upload)  # size, content sniffed, decompression bomb
        return upload


class ProjectUploadForm(forms.Form):
    """Step 1 for Microsoft Project: the XML export, the level of the tasks that become
    initiatives, and the domain for rows whose file does not name one."""

    file = forms.FileField(
        label=_("Microsoft Project-bestand (.xml)"),
        help_text=_("In Project: Bestand › Opslaan als › XML-indeling (*.xml). Hoogstens 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml"}),
    )
    level = forms.IntegerField(
        label=_("Overzichtsniveau van de initiatieven"),
        min_value=1,
        max_value=9,
        initial=1,
        help_text=_(
            "1: de taken op het hoogste niveau (meestal de samenvattingstaken, één per project)."
        ),
    )
    domain: forms.ModelChoiceField[Domain] = forms.ModelChoiceField(
        label=_("Domein voor alle taken"),
        queryset=None,
        required=False,
        help_text=_(
            "Project kent geen domein. Leeg: koppel zelf een kolom (bijv. een aangepast veld "
            "met de alias Domein)."
        ),
    )

    def __init__(self, *args: Any, domains: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "domain").queryset = domains

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xml"):
            raise forms.ValidationError(
                _(
                    "Kies een XML-bestand (.xml). Een .mpp-bestand slaat u in Project eerst "
                    "op als XML."
                )
            )
        return upload


class MappingForm(forms.Form):
    """Step 2: for every column of the sheet, the field it holds (or not imported)."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        initial_mapping: dict[str, int],
        fields: tuple[ImportField, ...] = FIELDS,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.import_fields = fields
        choices = [(NOT_IMPORTED, _("— niet importeren —"))] + [
            (f.key, f"{f.label}{' *' if f.required else ''}") for f in fields
        ]
        by_column = {index: key for key, index in initial_mapping.items()}
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("Kolom %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=by_column.get(index, NOT_IMPORTED),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [value for value in data.values() if value]
        doubles = sorted({value for value in chosen if chosen.count(value) > 1})
        if doubles:
            labels = ", ".join(f.label for f in self.import_fields if f.key in doubles)
            raise forms.ValidationError(
                _("Elk veld mag maar aan één kolom gekoppeld zijn: %(fields)s.")
                % {"fields": labels}
            )
        return data

    def mapping(self) -> dict[str, int]:
        return {
            value: int(name.removeprefix("col_"))
            for name, value in self.cleaned_data.items()
            if value
        }

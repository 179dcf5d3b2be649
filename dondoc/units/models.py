import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dondoc.lib.text import fold


class UnitKind(models.TextChoices):
    CENTRE = "centre", _("Cơ quan Tổng Liên đoàn")
    LEADERSHIP_BODY = "leadership_body", _("Cơ quan lãnh đạo")
    DEPARTMENT = "department", _("Ban")
    SUBORDINATE = "subordinate", _("Đơn vị trực thuộc")
    PROVINCIAL_FEDERATION = "provincial_federation", _("LĐLĐ tỉnh, thành phố")
    SECTOR_UNION = "sector_union", _("Công đoàn ngành Trung ương")
    CORPORATION_UNION = "corporation_union", _("Công đoàn tổng công ty")
    UPPER_GRASSROOTS = "upper_grassroots", _("Công đoàn cấp trên trực tiếp cơ sở")
    GRASSROOTS = "grassroots", _("Công đoàn cơ sở")


# The 83 "direct units" of notice 462/TB-TLĐ: provincial federations, sector and corporation unions.
DIRECT_UNIT_KINDS = (UnitKind.PROVINCIAL_FEDERATION, UnitKind.SECTOR_UNION, UnitKind.CORPORATION_UNION)


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> "UnitQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    code = models.SlugField(_("mã"), max_length=100, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    province = models.CharField(_("tỉnh, thành phố"), max_length=100, blank=True, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    # Materialised path "/vgcl/ldld-ha-noi/": subtree queries on 130,000 units without recursion.
    path = models.CharField(_("vị trí trong cây đơn vị"), max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0, editable=False)
    search_text = models.TextField(_("chữ để tìm kiếm"), editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def existed_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)

    def refresh_derived(self) -> None:
        """Recompute the path, depth and folded search text from the parent (call before save)."""
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        self.path = f"{prefix}{self.code}/"
        self.depth = self.path.count("/") - 2
        self.search_text = fold(" ".join(filter(None, [self.name, self.short_name, self.code])))


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Chuyển giao")


class Succession(models.Model):
    """`predecessor` ended and `successor` took over its duties from `on`."""

    predecessor = models.ForeignKey(Unit, verbose_name=_("đơn vị cũ"),
                                    on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, verbose_name=_("đơn vị kế thừa"),
                                  on_delete=models.CASCADE, related_name="precessions")
    kind = models.CharField(_("hình thức"), max_length=20, choices=SuccessionKind.choices,
                            default=SuccessionKind.MERGE)
    on = models.DateField(_("từ ngày"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession"),
        ]
        verbose_name = _("kế thừa")
        verbose_name_plural = _("kế thừa")

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.on:%d/%m/%Y})"


class RegistryChange(models.Model):
    """One change set applied to the registry (new units, renames, merges, splits, moves, dissolutions),
    effective on a date: the record of who applied what, when, from which file (units.changes)."""

    effective_on = models.DateField(_("hiệu lực từ"))
    filename = models.CharField(_("tệp"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=20, blank=True)  # command, page, api, demo
    rows = models.JSONField(default=list)  # the rows as read, for the record
    summary = models.JSONField(default=dict)  # what moved: counts of units, assignments, accounts
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Empty while a draft waits for the administrator's confirmation after the preview.
    applied_at = models.DateTimeField(_("áp dụng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thay đổi danh mục đơn vị")
        verbose_name_plural = _("thay đổi danh mục đơn vị")

    def __str__(self) -> str:
        return f"{self.filename or 'Thay đổi'} (hiệu lực {self.effective_on:%d/%m/%Y})"


class UnitVersion(models.Model):
    """The name, parent and kind a unit had until a registry change replaced them (valid from `valid_from`,
    None meaning since the unit began, until the day before `valid_until`). The Unit row holds the current
    ones, so a page as of today needs no lookup here; a page as of an earlier date asks units.history."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    province = models.CharField(max_length=100, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField()
    change = models.ForeignKey(RegistryChange, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="versions")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["unit", "valid_until"]
        indexes = [models.Index(fields=["valid_until"])]
        verbose_name = _("tên, cấp trên trước đây của đơn vị")
        verbose_name_plural = _("tên, cấp trên trước đây của đơn vị")

    def __str__(self) -> str:
        return f"{self.name} (đến {self.valid_until:%d/%m/%Y})"

    @property
    def label(self) -> str:
        return self.short_name or self.name


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Có lỗi, chưa nhập dòng nào")


class UnitImport(models.Model):
    """A registry file uploaded through the site, imported by the background worker with its progress."""

    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/")
    state = models.CharField(_("trạng thái"), max_length=10, choices=ImportState.choices,
                             default=ImportState.QUEUED)
    stage = models.CharField(_("bước"), max_length=10, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    summary = models.CharField(_("kết quả"), max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name=_("người nhập"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lần nhập danh mục đơn vị")
        verbose_name_plural = _("lần nhập danh mục đơn vị")

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0

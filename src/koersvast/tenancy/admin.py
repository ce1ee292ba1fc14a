from django.contrib import admin

from .models import Membership, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["cbs_code", "name", "province", "inhabitants"]
    search_fields = ["cbs_code", "name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role", "granted_at", "granted_by"]
    list_filter = ["municipality", "role"]
    autocomplete_fields = ["municipality"]
    raw_id_fields = ["user", "granted_by"]

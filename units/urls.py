from django.urls import path

from units import views

app_name = "units"

urlpatterns = [
    path("units/", views.unit_tree, name="tree"),
    path("units/new/", views.unit_create, name="create"),
    path("units/suggest/", views.unit_suggest, name="suggest"),
    path("units/<int:pk>/", views.unit_detail, name="detail"),
    path("units/<int:pk>/children/", views.unit_children, name="children"),
    path("units/<int:pk>/edit/", views.unit_edit, name="edit"),
    path("units/<int:pk>/move/", views.unit_move, name="move"),
    path("units/<int:pk>/merge/", views.unit_merge, name="merge"),
    path("units/<int:pk>/dissolve/", views.unit_dissolve, name="dissolve"),
    path("units/<int:pk>/counts/", views.unit_counts, name="counts"),
    path("members/", views.person_list, name="person-list"),
    path("members/new/", views.person_create, name="person-create"),
    path("members/<int:pk>/", views.person_detail, name="person-detail"),
    path("members/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("members/<int:pk>/leave/", views.person_leave, name="person-leave"),
    path("members/<int:pk>/return/", views.person_return, name="person-return"),
    path("members/<int:pk>/training/", views.training_create, name="training-create"),
    path("training/<int:pk>/delete/", views.training_delete, name="training-delete"),
    path("roles/", views.role_list, name="role-list"),
    path("roles/new/", views.role_grant, name="role-grant"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role-revoke"),
    path("roles/account/<int:pk>/password/", views.account_password, name="account-password"),
]

from django.urls import path

from units import views

app_name = "units"

urlpatterns = [
    path("units/", views.unit_tree, name="tree"),
    path("units/new/", views.unit_create, name="create"),
    path("units/suggest/", views.unit_suggest, name="suggest"),
    path("units/<id:pk>/", views.unit_detail, name="detail"),
    path("units/<id:pk>/children/", views.unit_children, name="children"),
    path("units/<id:pk>/edit/", views.unit_edit, name="edit"),
    path("units/<id:pk>/move/", views.unit_move, name="move"),
    path("units/<id:pk>/merge/", views.unit_merge, name="merge"),
    path("units/<id:pk>/dissolve/", views.unit_dissolve, name="dissolve"),
    path("units/<id:pk>/counts/", views.unit_counts, name="counts"),
    path("members/", views.person_list, name="person-list"),
    path("members/new/", views.person_create, name="person-create"),
    path("members/<id:pk>/", views.person_detail, name="person-detail"),
    path("members/<id:pk>/edit/", views.person_edit, name="person-edit"),
    path("members/<id:pk>/leave/", views.person_leave, name="person-leave"),
    path("members/<id:pk>/return/", views.person_return, name="person-return"),
    path("members/<id:pk>/training/", views.training_create, name="training-create"),
    path("training/<id:pk>/delete/", views.training_delete, name="training-delete"),
    path("roles/", views.role_list, name="role-list"),
    path("roles/new/", views.role_grant, name="role-grant"),
    path("roles/<id:pk>/revoke/", views.role_revoke, name="role-revoke"),
    path("roles/account/<id:pk>/password/", views.account_password, name="account-password"),
]

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SdSeg.Migrations
{
    /// <inheritdoc />
    public partial class RunLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "EtaSeconds",
                table: "Runs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phase",
                table: "Runs",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProcessId",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ProgressOffset",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProgressUpdatedAt",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "QueuedAt",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Step",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "TotalSteps",
                table: "Runs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EtaSeconds",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Phase",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ProcessId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ProgressOffset",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ProgressUpdatedAt",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "QueuedAt",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Step",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "TotalSteps",
                table: "Runs");
        }
    }
}
